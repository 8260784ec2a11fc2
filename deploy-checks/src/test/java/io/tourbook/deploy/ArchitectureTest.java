package io.tourbook.deploy;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;

/**
 * The layers of DESIGN.md, checked on the compiled main classes of every module: a service never
 * imports another service, the CLI imports no module of ours (it speaks HTTP), the platform's
 * packages form no cycle and its HTTP toolkit is a leaf, and only the launcher of the README's jar
 * reaches the development servers. What services share exists once: one {@code GeoPoint} and one
 * time format (contracts between services), and one place that creates MongoDB clients.
 */
@AnalyzeClasses(packages = "io.tourbook", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final List<String> SERVICES =
      List.of(
          "iam",
          "listing",
          "tour",
          "availability",
          "assignment",
          "scheduling",
          "cart",
          "payment",
          "bridge");

  private static final String PLATFORM = "io.tourbook.platform";

  private static final ArchRule SERVICES_DO_NOT_IMPORT_EACH_OTHER =
      slices()
          .assignedFrom(
              sliceOf(
                  "services",
                  javaClass -> {
                    String[] parts = javaClass.getPackageName().split("\\.");
                    return parts.length > 2 && SERVICES.contains(parts[2]) ? parts[2] : null;
                  }))
          .should()
          .notDependOnEachOther();

  private static final ArchRule CLI_IMPORTS_NO_MODULE_OF_OURS =
      noClasses()
          .that()
          .resideInAPackage("io.tourbook.cli..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("io.tourbook..").and(not(resideInAPackage("io.tourbook.cli.."))));

  private static final ArchRule PLATFORM_PACKAGES_FORM_NO_CYCLE =
      slices()
          .assignedFrom(
              sliceOf(
                  "platform packages",
                  javaClass -> {
                    String name = javaClass.getPackageName();
                    if (name.equals(PLATFORM)) {
                      return "(root)";
                    }
                    return name.startsWith(PLATFORM + ".")
                        ? name.substring(PLATFORM.length() + 1).split("\\.")[0]
                        : null;
                  }))
          .should()
          .beFreeOfCycles();

  private static final ArchRule HTTP_TOOLKIT_IS_A_LEAF =
      noClasses()
          .that()
          .resideInAPackage(PLATFORM + ".http..")
          .should()
          .dependOnClassesThat(
              resideInAPackage(PLATFORM + "..").and(not(resideInAPackage(PLATFORM + ".http.."))));

  private static final ArchRule ONLY_THE_DEVELOPMENT_LAUNCHER_REACHES_THE_SERVERS =
      noClasses()
          .that(not(resideInAnyPackage("io.tourbook.embedded..")))
          .and()
          .haveNameNotMatching("io\\.tourbook\\.app\\.EmbeddedMain(\\$.*)?")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.tourbook.embedded..");

  private static final ArchRule SHARED_CONTRACTS_EXIST_ONCE =
      classes()
          .that()
          .haveNameMatching(".*\\.(GeoPoint|Times|Timestamps|Instants)")
          .should()
          .resideInAPackage("io.tourbook.contracts");

  private static final ArchRule ONE_PLACE_CREATES_MONGO_CLIENTS =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName(PLATFORM + ".mongo.MongoDatabases")
          .should()
          .callMethodWhere(
              target(name("createShared"))
                  .and(target(owner(name("io.vertx.ext.mongo.MongoClient")))));

  @ArchTest
  static void sharedContractsExistOnce(JavaClasses classes) {
    SHARED_CONTRACTS_EXIST_ONCE.check(classes);
  }

  @ArchTest
  static void onePlaceCreatesMongoClients(JavaClasses classes) {
    ONE_PLACE_CREATES_MONGO_CLIENTS.check(classes);
  }

  @ArchTest
  static void servicesDoNotImportEachOther(JavaClasses classes) {
    SERVICES_DO_NOT_IMPORT_EACH_OTHER.check(classes);
  }

  @ArchTest
  static void cliImportsNoModuleOfOurs(JavaClasses classes) {
    CLI_IMPORTS_NO_MODULE_OF_OURS.check(classes);
  }

  @ArchTest
  static void platformPackagesFormNoCycle(JavaClasses classes) {
    PLATFORM_PACKAGES_FORM_NO_CYCLE.check(classes);
  }

  @ArchTest
  static void httpToolkitIsALeaf(JavaClasses classes) {
    HTTP_TOOLKIT_IS_A_LEAF.check(classes);
  }

  @ArchTest
  static void onlyTheDevelopmentLauncherReachesTheServers(JavaClasses classes) {
    ONLY_THE_DEVELOPMENT_LAUNCHER_REACHES_THE_SERVERS.check(classes);
  }

  /** A slice per name {@code identify} returns; classes it returns null for are in none. */
  private static SliceAssignment sliceOf(
      String description, java.util.function.Function<JavaClass, String> identify) {
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String name = identify.apply(javaClass);
        return name == null ? SliceIdentifier.ignore() : SliceIdentifier.of(name);
      }

      @Override
      public String getDescription() {
        return description;
      }
    };
  }
}
