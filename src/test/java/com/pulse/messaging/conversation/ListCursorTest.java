package com.pulse.messaging.conversation;

import java.time.Instant;

import com.pulse.messaging.system.ApiException;
import com.pulse.messaging.system.ErrorCode;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The conversation list cursor decodes only what it encoded. */
class ListCursorTest {

	@Test
	void decodesWhatItEncoded() {
		ListCursor cursor = new ListCursor(Instant.parse("2026-11-28T12:00:00.123Z"), new ObjectId().toHexString());
		assertThat(ListCursor.decode(cursor.encode())).isEqualTo(cursor);
	}

	@Test
	void rejectsAnythingElseAsValidationFailure() {
		for (String foreign : new String[] { "", "abc", "%%%", "YzE6eDp5", "YzE6MTI6bm90LWFuLWlk", "YzI6MTI6NjUwMDAwMDAwMDAwMDAwMDAwMDAwMDAw" }) {
			assertThatThrownBy(() -> ListCursor.decode(foreign)).as(foreign)
				.isInstanceOfSatisfying(ApiException.class, (ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
		}
	}

}
