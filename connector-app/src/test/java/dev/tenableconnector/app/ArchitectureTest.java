package dev.tenableconnector.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module and package directions docs/architecture.md describes, enforced on the main classes:
 * the client knows no store, the emulator knows neither the client nor the connector (so the two
 * cannot agree on a mistake), the core knows no service, and only the command line prints or exits.
 */
class ArchitectureTest {
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(
                location -> !location.contains("-tests.jar")) // other modules' test jars
            .importPackages("dev.tenableconnector");
  }

  @Test
  void theClientKnowsNothingOfTheConnector() {
    noClasses()
        .that()
        .resideInAPackage("dev.tenableconnector.client..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.tenableconnector.core..",
            "dev.tenableconnector.service..",
            "dev.tenableconnector.app..",
            "dev.tenableconnector.emulator..")
        .check(main);
  }

  @Test
  void theEmulatorIsWrittenFromTenablesDescriptionNotFromOurClient() {
    noClasses()
        .that()
        .resideInAPackage("dev.tenableconnector.emulator..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.tenableconnector.client..",
            "dev.tenableconnector.core..",
            "dev.tenableconnector.service..",
            "dev.tenableconnector.app..")
        .check(main);
  }

  @Test
  void theCoreKnowsNoServiceAndNoCommandLine() {
    noClasses()
        .that()
        .resideInAPackage("dev.tenableconnector.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.tenableconnector.service..",
            "dev.tenableconnector.app..",
            "dev.tenableconnector.emulator..")
        .check(main);
  }

  @Test
  void theServiceKnowsNoCommandLineAndNoEmulator() {
    noClasses()
        .that()
        .resideInAPackage("dev.tenableconnector.service..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.tenableconnector.app..", "dev.tenableconnector.emulator..")
        .check(main);
  }

  @Test
  void onlyTheCommandLineExits() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.tenableconnector.app..")
        .should()
        .callMethod(System.class, "exit", int.class)
        .orShould()
        .callMethod(Runtime.class, "halt", int.class)
        .check(main);
  }

  @Test
  void onlyTheCommandLinePrintsTheRestLogs() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.tenableconnector.app..")
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .orShould()
        .callMethod(Throwable.class, "printStackTrace")
        .check(main);
  }

  /** Past 400 lines a file does several things; split it by responsibility instead. */
  @Test
  void noMainSourceFileIsLongerThan400Lines() throws java.io.IOException {
    java.nio.file.Path root = java.nio.file.Path.of("..").toAbsolutePath().normalize();
    java.util.List<String> tooLong = new java.util.ArrayList<>();
    int files = 0;
    try (var paths = java.nio.file.Files.walk(root)) {
      for (java.nio.file.Path p :
          paths
              .filter(f -> f.toString().contains("/src/main/"))
              .filter(f -> !f.toString().contains("/target/"))
              .filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".js"))
              .toList()) {
        files++;
        long lines = java.nio.file.Files.readAllLines(p).size();
        if (lines > 400) {
          tooLong.add(root.relativize(p) + " (" + lines + " lines)");
        }
      }
    }
    org.assertj.core.api.Assertions.assertThat(files).as("main sources found").isGreaterThan(200);
    org.assertj.core.api.Assertions.assertThat(tooLong).isEmpty();
  }
}
