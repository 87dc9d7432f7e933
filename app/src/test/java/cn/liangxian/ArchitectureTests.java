package cn.liangxian;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The boundaries the code must keep as it grows. */
class ArchitectureTests {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("cn.liangxian");

    @Test
    void theLawKnowsNothingOfSpringDatabasesOrTheApplication() {
        noClasses().that().resideInAPackage("cn.liangxian.policy..").should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..", "cn.liangxian.estimate..",
                        "cn.liangxian.cli..", "cn.liangxian.web..", "cn.liangxian.common..")
                .check(CLASSES);
    }

    @Test
    void theCommandLineNeverReachesForSpringOrTheDatabase() {
        noClasses().that().resideInAPackage("cn.liangxian.cli..").should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..", "cn.liangxian.common..")
                .check(CLASSES);
    }

    @Test
    void crossCuttingPackagesHoldNoBusinessFeatures() {
        noClasses().that().resideInAnyPackage("cn.liangxian.web..", "cn.liangxian.common..").should()
                .dependOnClassesThat().resideInAnyPackage("cn.liangxian.estimate..", "cn.liangxian.cli..")
                .check(CLASSES);
    }

    @Test
    void controllersAreNotPublic() {
        classes().that().haveSimpleNameEndingWith("Controller").should().notBePublic().check(CLASSES);
    }

    @Test
    void moneyIsNeverFloatingPoint() {
        noFields().should().haveRawType(double.class).orShould().haveRawType(float.class).orShould()
                .haveRawType(Double.class).orShould().haveRawType(Float.class).check(CLASSES);
    }
}
