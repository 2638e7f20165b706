package io.connectors.policy.approval;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Marks overdue pending approvals expired (and publishes {@code expired}); a failed run is retried by the next. */
@ApplicationScoped
public class ApprovalExpiry {

    private static final Logger LOG = Logger.getLogger(ApprovalExpiry.class);

    private final ApprovalService approvals;

    public ApprovalExpiry(ApprovalService approvals) {
        this.approvals = approvals;
    }

    @Scheduled(identity = "approval-expiry", every = "${connectors.policy.approvals.expiry-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expireOnSchedule() {
        return approvals.expireOverdue()
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("Expired %d overdue approvals", count);
                    }
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Approval expiry failed, will retry: %s", failure.toString());
                    return 0;
                })
                .replaceWithVoid();
    }
}
