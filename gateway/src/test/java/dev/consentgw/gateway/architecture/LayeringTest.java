package dev.consentgw.gateway.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The floors of the gateway (DESIGN.md, "Inside the gateway"): a package may use only the floors
 * below it, so a newcomer can tell from a file's path what it may depend on. Production code only.
 */
@AnalyzeClasses(packages = "dev.consentgw.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  private static final String GATEWAY = "dev.consentgw.gateway.";

  @ArchTest
  static final ArchRule floors = layeredArchitecture().consideringOnlyDependenciesInLayers()
      .layer("app").definedBy(GATEWAY + "app..")
      .layer("facade").definedBy(GATEWAY + "facade..")
      .layer("journey").definedBy(GATEWAY + "journey..")
      .layer("ops").definedBy(GATEWAY + "ops..")
      .layer("adapters").definedBy(GATEWAY + "adapter..")
      .layer("resilience").definedBy(GATEWAY + "resilience..")
      .layer("catalogue").definedBy(GATEWAY + "catalogue..")
      .layer("events").definedBy(GATEWAY + "events..")
      .layer("store").definedBy(GATEWAY + "store..")
      .layer("security").definedBy(GATEWAY + "security..")
      .layer("provider").definedBy(GATEWAY + "provider..")
      .layer("sandbox").definedBy(GATEWAY + "sandbox..")
      .layer("web support").definedBy(GATEWAY + "http..", GATEWAY + "openapi..")
      .layer("observability").definedBy(GATEWAY + "observability..")
      .whereLayer("app").mayNotBeAccessedByAnyLayer()
      .whereLayer("facade").mayOnlyBeAccessedByLayers("app")
      .whereLayer("ops").mayOnlyBeAccessedByLayers("app")
      .whereLayer("sandbox").mayOnlyBeAccessedByLayers("app")
      .whereLayer("journey").mayOnlyBeAccessedByLayers("app", "facade")
      .whereLayer("adapters").mayOnlyBeAccessedByLayers("app")
      .whereLayer("resilience").mayOnlyBeAccessedByLayers("app", "ops", "adapters")
      .whereLayer("catalogue").mayOnlyBeAccessedByLayers("app", "facade", "journey", "ops")
      .whereLayer("events").mayOnlyBeAccessedByLayers("app", "sandbox")
      .whereLayer("store").mayOnlyBeAccessedByLayers("app", "facade", "journey", "ops", "events")
      .whereLayer("security").mayOnlyBeAccessedByLayers("app", "facade", "journey")
      .whereLayer("provider").mayOnlyBeAccessedByLayers("app", "facade", "journey", "adapters", "resilience",
          "catalogue", "store");

  /** Metrics and tracing hooks are used on every floor, so they sit below all of them. */
  @ArchTest
  static final ArchRule observabilityImportsNothingOfOurs = classes().that()
      .resideInAPackage(GATEWAY + "observability..")
      .should().onlyDependOnClassesThat(
          resideInAPackage(GATEWAY + "observability..").or(resideOutsideOfPackage("dev.consentgw..")));

  @ArchTest
  static final ArchRule noPackageCycles = slices().matching(GATEWAY + "(**)").should().beFreeOfCycles();

  /** The port and the unified domain types are the lowest floor: nothing of ours, generated or written, below. */
  @ArchTest
  static final ArchRule providerPortImportsNothingOfOurs = classes().that().resideInAPackage(GATEWAY + "provider..")
      .should().onlyDependOnClassesThat(
          resideInAPackage(GATEWAY + "provider..").or(resideOutsideOfPackage("dev.consentgw..")));

  @ArchTest
  static final ArchRule facadeNeverSeesAProvider = noClasses().that().resideInAPackage(GATEWAY + "facade..")
      .should().dependOnClassesThat().resideInAnyPackage(GATEWAY + "adapter..", "dev.consentgw.clients..");

  @ArchTest
  static final ArchRule adaptersNeverSeeTheFacade = noClasses().that().resideInAPackage(GATEWAY + "adapter..")
      .should().dependOnClassesThat().resideInAnyPackage(GATEWAY + "facade..", "dev.consentgw.facade..",
          "dev.consentgw.sdk..");

  @ArchTest
  static final ArchRule eachAdapterKeepsToItsOwnProvider = slices().matching(GATEWAY + "adapter.(*)..")
      .should().notDependOnEachOther();
}
