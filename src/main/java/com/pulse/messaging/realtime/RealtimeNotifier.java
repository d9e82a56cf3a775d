package com.pulse.messaging.realtime;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.pulse.messaging.conversation.ConversationListener;
import com.pulse.messaging.conversation.ConversationView;
import com.pulse.messaging.message.MessageListener;
import com.pulse.messaging.message.MessageView;
import com.pulse.messaging.realtime.protocol.ServerFrame;
import com.pulse.messaging.system.MessagingMetrics;
import com.pulse.messaging.system.RawJson;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/** Turns stored changes into frames for the connections of everyone concerned. */
@Component
class RealtimeNotifier implements MessageListener, ConversationListener {

	private final RealtimeBus bus;

	private final MessagingMetrics metrics;

	RealtimeNotifier(RealtimeBus bus, MessagingMetrics metrics) {
		this.bus = bus;
		this.metrics = metrics;
	}

	@Override
	public void messageCreated(RawJson message, Collection<String> audience, String originSession) {
		Timer.Sample sample = Timer.start();
		this.bus.toUsers(audience, new ServerFrame.MessageEvent("message.new", message), originSession);
		sample.stop(this.metrics.fanoutTimer());
	}

	@Override
	public void messageChanged(MessageView message, boolean deleted, Collection<String> audience) {
		this.bus.toUsers(audience, new ServerFrame.MessageEvent(deleted ? "message.deleted" : "message.updated", message),
				null);
	}

	@Override
	public void conversationUpdated(Map<String, ConversationView> viewsByUser) {
		viewsByUser.forEach((userId, view) -> this.bus.toUsers(List.of(userId), new ServerFrame.ConversationUpdated(view), null));
	}

	@Override
	public void readMoved(String conversationId, String userId, long lastReadSeq, Collection<String> audience) {
		this.bus.toUsers(audience, new ServerFrame.MessageRead(conversationId, userId, lastReadSeq), null);
	}

}
