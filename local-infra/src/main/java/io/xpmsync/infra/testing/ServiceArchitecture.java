package io.xpmsync.infra.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layering every service keeps, checked with ArchUnit on its compiled classes (each service's
 * {@code ArchitectureTest} calls {@link #check}):
 * <ul>
 *   <li>domain rules ({@code ..domain..}) are plain Java: no framework, no persistence, no I/O, no adapter;</li>
 *   <li>REST adapters ({@code ..rest..}) and Kafka adapters ({@code ..messaging..}) do not call each other;</li>
 *   <li>no Kafka consumer ({@code ..messaging..}) calls an external API: consumers record work and acknowledge, and
 *       workers make the calls (XPM and Karbon clients are used elsewhere);</li>
 *   <li>a service uses no other service's classes.</li>
 * </ul>
 */
public final class ServiceArchitecture {

    private static final String[] FRAMEWORKS = {"jakarta..", "javax..", "io.quarkus..", "io.smallrye..",
            "org.eclipse.microprofile..", "org.hibernate..", "io.vertx..", "org.apache.kafka..", "java.sql..",
            "java.net.http..", "io.debezium..", "com.fasterxml.jackson..", "org.jboss.."};
    private static final List<String> SERVICES = List.of("connector", "matching", "mapping", "push");

    private ServiceArchitecture() {
    }

    /** Checks the rules on the main classes of the service whose root package is {@code io.xpmsync.<service>}. */
    public static void check(String service) {
        String root = "io.xpmsync." + service;
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(root);
        for (ArchRule rule : rules(root, service)) {
            rule.check(classes);
        }
    }

    static List<ArchRule> rules(String root, String service) {
        return List.of(
                noClasses().that().resideInAPackage(root + ".domain..")
                        .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                        .orShould().dependOnClassesThat().resideInAnyPackage(root + ".rest..", root + ".messaging..",
                                root + ".persistence..", "io.xpmsync.client..", "io.xpmsync.messaging..", "io.xpmsync.security..")
                        .allowEmptyShould(true)
                        .because("domain rules are plain Java, tested in milliseconds"),
                noClasses().that().resideInAPackage(root + ".rest..")
                        .should().dependOnClassesThat().resideInAPackage(root + ".messaging..")
                        .allowEmptyShould(true)
                        .because("REST adapters call services, not Kafka adapters"),
                noClasses().that().resideInAPackage(root + ".messaging..")
                        .should().dependOnClassesThat().resideInAPackage(root + ".rest..")
                        .allowEmptyShould(true)
                        .because("Kafka adapters call services, not REST adapters"),
                noClasses().that().resideInAPackage(root + ".messaging..")
                        .should().dependOnClassesThat().haveFullyQualifiedName("io.xpmsync.client.karbon.KarbonClient")
                        .orShould().dependOnClassesThat().haveFullyQualifiedName("io.xpmsync.client.xpm.XpmApi")
                        .allowEmptyShould(true)
                        .because("no Kafka consumer waits on an external API"),
                noClasses().that().resideInAPackage(root + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(SERVICES.stream()
                                .filter(s -> !s.equals(service)).map(s -> "io.xpmsync." + s + "..")
                                .toArray(String[]::new))
                        .because("services share only libraries, and state only through events"));
    }
}
