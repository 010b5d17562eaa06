package dev.tenableconnector.kafka;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The plugin leaves the inventory store and its drivers out, so they need not be in its lib/. */
class PluginBoundariesTest {
  private final JavaClasses plugin =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.tenableconnector.kafka");

  @Test
  void theConnectorUsesNeitherTheInventoryStoreNorTheSyncEngine() {
    noClasses()
        .that()
        .resideInAPackage("dev.tenableconnector.kafka..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.tenableconnector.core.store..",
            "org.sqlite..",
            "org.flywaydb..",
            "org.postgresql..",
            "com.zaxxer..")
        .check(plugin);
    noClasses()
        .that()
        .resideInAPackage("dev.tenableconnector.kafka..")
        .should()
        .dependOnClassesThat()
        .haveSimpleNameStartingWith("SyncEngine")
        .check(plugin);
  }
}
