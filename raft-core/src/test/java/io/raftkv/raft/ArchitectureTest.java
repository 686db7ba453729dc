package io.raftkv.raft;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core is a deterministic state machine (STYLE.md (b)1): no threads, clocks, I/O or ambient
 * randomness, and it depends only on the JDK and raft-proto. Checked on the main classes only.
 */
class ArchitectureTest {

  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.raftkv.raft");
  }

  @Test
  void noThreadsExecutorsOrLocks() {
    noClasses().that().resideInAPackage("io.raftkv.raft..")
        .should().dependOnClassesThat().resideInAnyPackage("java.util.concurrent..")
        .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
        .orShould().dependOnClassesThat().areAssignableTo(Runnable.class)
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.ThreadLocal")
        .because("the core is driven by one caller thread and must stay deterministic")
        .check(core);
  }

  @Test
  void noClocks() {
    noClasses().that().resideInAPackage("io.raftkv.raft..")
        .should().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().dependOnClassesThat().resideInAnyPackage("java.time..")
        .because("time enters the core only as tick()")
        .check(core);
  }

  @Test
  void noIo() {
    noClasses().that().resideInAPackage("io.raftkv.raft..")
        .should().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
        .orShould().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.net..", "java.nio.channels..")
        .because("storage and transport are the caller's job")
        .check(core);
  }

  @Test
  void noAmbientRandomness() {
    noClasses().that().resideInAPackage("io.raftkv.raft..")
        .should().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
        .orShould().callMethod(Math.class, "random")
        .orShould().callConstructor(java.util.Random.class)
        .orShould().callConstructor(java.util.SplittableRandom.class)
        .because("the only randomness is Config.random, seeded by tests")
        .check(core);
  }

  @Test
  void dependsOnlyOnJdkAndRaft() {
    classes().that().resideInAPackage("io.raftkv.raft..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.raftkv.raft..")
        .because("raft-core depends only on raft-proto (io.raftkv.raft.proto) and the JDK")
        .check(core);
  }
}
