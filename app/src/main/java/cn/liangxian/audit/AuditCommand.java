package cn.liangxian.audit;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * {@code ./liangxian audit verify}: re-computes the audit chain over the configured database and names
 * the first broken row. Exit code 0 when intact, 1 when broken.
 */
@Component
@ConditionalOnProperty(name = "liangxian.command", havingValue = "audit-verify")
class AuditCommand implements ApplicationRunner, ExitCodeGenerator {

    private final AuditVerifier verifier;
    private int exitCode;

    AuditCommand(AuditVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public void run(ApplicationArguments args) {
        AuditVerifier.Result r = verifier.verify();
        if (r.intact()) {
            System.out.printf("审计链完整 / audit chain intact: %d rows checked%n", r.rowsChecked());
            exitCode = 0;
        } else {
            System.out.printf("审计链断裂 / audit chain BROKEN at row %d: %s (%d rows checked)%n", r.firstBrokenId(),
                    r.reason(), r.rowsChecked());
            exitCode = 1;
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
