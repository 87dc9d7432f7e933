package cn.liangxian.fund;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import cn.liangxian.policy.PolicyYaml;

/**
 * The demo's fund: opening balances of every seed region's books and, month after month up to the last full
 * month, contributions received and benefits paid (the figures are in {@code demo/fund-demo.yaml}), so that
 * statements, the legacy clearing and the risk indicators have something to show. Every entry goes through
 * {@link Postings} like any other and is idempotent on its source: a second start posts nothing. Never active
 * outside the demo profile.
 */
@Component
@Profile("demo")
@Order(150)
@ConditionalOnProperty(name = "liangxian.command", havingValue = "serve", matchIfMissing = true)
class FundDemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FundDemoData.class);
    static final String RESOURCE = "demo/fund-demo.yaml";
    private static final BigDecimal SPREAD = new BigDecimal("0.12");
    private static final BigDecimal LOW = new BigDecimal("0.94");

    private final Postings postings;
    private final ChartOfAccounts chart;
    private final FundPolicy policy;

    FundDemoData(Postings postings, ChartOfAccounts chart, FundPolicy policy) {
        this.postings = postings;
        this.chart = chart;
        this.policy = policy;
    }

    record Flow(String book, String debit, String credit, String what, BigDecimal amount) {
    }

    @Override
    public void run(ApplicationArguments args) {
        Map<String, Object> file = PolicyYaml.load(FundDemoData.class.getClassLoader(), RESOURCE);
        long seed = Long.parseLong(file.get("seed").toString());
        YearMonth last = YearMonth.now(FundLedger.ZONE).minusMonths(1);
        int posted = 0;
        for (Map.Entry<String, Object> e : map(file.get("regions")).entrySet()) {
            posted += load(e.getKey(), map(e.getValue()), new Random(seed + e.getKey().hashCode()), last);
        }
        if (posted > 0) {
            log.info("Demo fund loaded: {} entries", posted);
        }
    }

    private int load(String region, Map<String, Object> plan, Random random, YearMonth last) {
        LocalDate merger = policy.mergerDate(region, LocalDate.now(FundLedger.ZONE));
        LocalDate opening = LocalDate.of(merger.getYear() - 1, 1, 1);
        int posted = 0;
        for (Map.Entry<String, Object> b : map(plan.get("opening")).entrySet()) {
            String book = b.getKey();
            if (chart.book(region, book).isEmpty()) {
                throw new IllegalStateException(RESOURCE + ": region " + region + " has no book " + book);
            }
            BigDecimal amount = new BigDecimal(b.getValue().toString());
            posted += post(new PostingRequest(region, book, SourceType.OPENING_BALANCE, "DEMO-OPENING-" + book,
                    opening, opening, "演示数据：期初余额 / demo opening balance",
                    List.of(PostingLine.debit("1003", amount), PostingLine.credit("3001", amount))));
        }
        Map<String, Object> monthly = map(plan.get("monthly"));
        String legacyBook = plan.containsKey("maternityBook") ? plan.get("maternityBook").toString() : "MATERNITY";
        for (YearMonth m = YearMonth.from(opening); !m.isAfter(last); m = m.plusMonths(1)) {
            LocalDate day = m.atEndOfMonth();
            boolean merged = !day.isBefore(merger);
            List<Flow> flows = new ArrayList<>();
            flows.add(new Flow("POOLED", "1003", "400101", "单位及个人缴费收入 / contributions",
                    amount(monthly, "pooledContributions", random)));
            flows.add(new Flow("POOLED", "50010101", "1003", "医疗待遇支出 / medical benefits",
                    amount(monthly, "pooledMedical", random)));
            BigDecimal matIn = amount(monthly, "maternityContributions", random);
            BigDecimal matMedical = amount(monthly, "maternityMedical", random);
            BigDecimal matAllowance = amount(monthly, "maternityAllowance", random);
            if (merged) {
                flows.add(new Flow("POOLED", "5001010201", "1003", "生育医疗费用支出 / maternity medical costs", matMedical));
                flows.add(new Flow("POOLED", "5001010202", "1003", "生育津贴支出 / maternity allowance", matAllowance));
            } else {
                flows.add(new Flow(legacyBook, "1003", "400101", "生育保险费收入 / maternity contributions", matIn));
                flows.add(new Flow(legacyBook, "50010301", "1003", "生育医疗费用 / maternity medical costs", matMedical));
                flows.add(new Flow(legacyBook, "50010302", "1003", "生育津贴 / maternity allowance", matAllowance));
            }
            for (int i = 0; i < flows.size(); i++) {
                Flow f = flows.get(i);
                if (f.amount().signum() == 0) {
                    continue;
                }
                posted += post(new PostingRequest(region, f.book(), SourceType.FUND_TRANSACTION,
                        "DEMO-" + f.book() + "-" + m + "-" + i, day, day, "演示数据：" + m + " " + f.what(),
                        List.of(PostingLine.debit(f.debit(), f.amount()), PostingLine.credit(f.credit(), f.amount()))));
            }
        }
        return posted;
    }

    /** Posts unless the source was posted before; 1 when it wrote an entry. */
    private int post(PostingRequest r) {
        if (postings.findBySource(r.regionCode(), r.sourceType(), r.sourceId()).isPresent()) {
            return 0;
        }
        postings.post(r);
        return 1;
    }

    /** The monthly amount times a factor in [0.94, 1.06], to the fen. */
    private static BigDecimal amount(Map<String, Object> monthly, String key, Random random) {
        BigDecimal factor = LOW.add(SPREAD.multiply(BigDecimal.valueOf(random.nextInt(1001), 3)));
        return new BigDecimal(monthly.get(key).toString()).multiply(factor).setScale(2, RoundingMode.HALF_UP);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }
}
