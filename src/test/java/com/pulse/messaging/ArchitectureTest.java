package com.pulse.messaging;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules of STYLE.md, checked on the compiled main code: nothing depends on {@code realtime};
 * {@code events}, {@code auth} and {@code system} depend on no feature (except the AMQP user-event consumer,
 * which feeds the {@code user} cache); the top-level packages form no cycle.
 */
class ArchitectureTest {

	private static final String ROOT = "com.pulse.messaging";

	private static final String[] FEATURES = { feature("conversation"), feature("message"), feature("presence"),
			feature("realtime"), feature("user") };

	private static JavaClasses classes;

	@BeforeAll
	static void importMainClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages(ROOT);
	}

	private static String feature(String name) {
		return ROOT + "." + name + "..";
	}

	@Test
	void nothingOutsideRealtimeDependsOnRealtime() {
		check(noClasses().that()
			.resideOutsideOfPackage(feature("realtime"))
			.should()
			.dependOnClassesThat()
			.resideInAPackage(feature("realtime")));
	}

	@Test
	void authDependsOnNoFeature() {
		check(noClasses().that().resideInAPackage(feature("auth")).should().dependOnClassesThat().resideInAnyPackage(FEATURES));
	}

	@Test
	void systemDependsOnNoFeature() {
		check(noClasses().that()
			.resideInAPackage(feature("system"))
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(FEATURES));
	}

	@Test
	void eventsCoreDependsOnNoFeature() {
		check(noClasses().that()
			.resideInAPackage(feature("events"))
			.and()
			.resideOutsideOfPackage(feature("events.amqp"))
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(FEATURES));
	}

	@Test
	void amqpAdapterDependsOnNoFeatureButTheUserCache() {
		// the user-event consumer writes what it receives into the user cache: the one allowed feature edge
		check(noClasses().that()
			.resideInAPackage(feature("events.amqp"))
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(feature("conversation"), feature("message"), feature("presence"), feature("realtime")));
	}

	@Test
	void topLevelPackagesAreFreeOfCycles() {
		check(slices().matching(ROOT + ".(*)..").should().beFreeOfCycles());
	}

	private static void check(ArchRule rule) {
		rule.check(classes);
	}

}
