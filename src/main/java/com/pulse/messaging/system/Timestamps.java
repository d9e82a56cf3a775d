package com.pulse.messaging.system;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** Time as the service stores and shows it: UTC, millisecond precision. */
public final class Timestamps {

	private Timestamps() {
	}

	public static Instant now(Clock clock) {
		return clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	/**
	 * RFC 3339 UTC with exactly three fraction digits ({@code 2026-11-28T12:00:00.123Z}), written by hand: every
	 * message carries several timestamps, and the pattern formatter was a visible share of a send's CPU.
	 */
	public static String format(Instant instant) {
		long seconds = instant.getEpochSecond();
		long days = Math.floorDiv(seconds, 86_400L);
		if (days < -719_162L || days > 2_932_896L) { // outside years 0001-9999
			return JsonConfig.TIMESTAMP.format(instant);
		}
		int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
		LocalDate date = LocalDate.ofEpochDay(days);
		char[] text = new char[24];
		digits(text, 0, date.getYear(), 4);
		text[4] = '-';
		digits(text, 5, date.getMonthValue(), 2);
		text[7] = '-';
		digits(text, 8, date.getDayOfMonth(), 2);
		text[10] = 'T';
		digits(text, 11, secondOfDay / 3600, 2);
		text[13] = ':';
		digits(text, 14, (secondOfDay / 60) % 60, 2);
		text[16] = ':';
		digits(text, 17, secondOfDay % 60, 2);
		text[19] = '.';
		digits(text, 20, instant.getNano() / 1_000_000, 3);
		text[23] = 'Z';
		return new String(text);
	}

	private static void digits(char[] text, int at, int value, int width) {
		for (int i = at + width - 1; i >= at; i--) {
			text[i] = (char) ('0' + value % 10);
			value /= 10;
		}
	}

}
