package com.pulse.messaging.system;

import com.pulse.messaging.system.ProductionSettingsCheck.MissingSettingException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing setting into Boot's start-up failure report, without a stack trace. */
class MissingSettingFailureAnalyzer extends AbstractFailureAnalyzer<MissingSettingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingSettingException cause) {
		return new FailureAnalysis(cause.getMessage(), "Set it in the environment (see .env.example).", cause);
	}

}
