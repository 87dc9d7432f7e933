package cn.liangxian.settlement;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import cn.liangxian.institution.Institutions;
import cn.liangxian.me.MeTimelineEntry;
import cn.liangxian.me.MeTimelineSource;
import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;

/** Her direct settlements at contracted hospitals on her timeline and in her 参保缴费及待遇证明, one entry each. */
@Component
class SettlementTimeline implements MeTimelineSource {

    private final JdbcClient jdbc;
    private final AccessPolicy access;
    private final Institutions institutions;

    SettlementTimeline(JdbcClient jdbc, AccessPolicy access, Institutions institutions) {
        this.jdbc = jdbc;
        this.access = access;
        this.institutions = institutions;
    }

    @Override
    public String kind() {
        return SETTLEMENT;
    }

    record Row(String institutionCode, String category, LocalDate serviceDate, BigDecimal medfee, BigDecimal fundPay,
            BigDecimal cashPay, String status) {
    }

    @Override
    public List<MeTimelineEntry> entries(LiangxianUser viewer, long personId, LocalDate today) {
        access.requireVisible(viewer, new AccessPolicy.Owner(null, null, personId, null));
        return jdbc.sql("""
                select institution_code, category, service_date, medfee_sumamt, fund_pay, psn_cash_pay, status
                  from settlement where person_id = ? and service_date <= ? order by service_date desc, id desc""")
                .params(personId, today)
                .query((rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getDate(3).toLocalDate(),
                        rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getString(7)))
                .list().stream().map(this::entry).toList();
    }

    private MeTimelineEntry entry(Row r) {
        String hospital = institutions.find(r.institutionCode()).map(i -> i.name()).orElse(r.institutionCode());
        MaternityCategory category = MaternityCategory.parse(r.category()).orElse(null);
        String whatZh = category == null ? r.category() : category.zh();
        String whatEn = category == null ? r.category() : category.en();
        boolean reversed = "REVERSED".equals(r.status());
        return new MeTimelineEntry(SETTLEMENT, r.serviceDate(), null, false, "生育医疗费用结算：" + whatZh,
                "Maternity medical settlement: " + whatEn,
                hospital + "，医疗费用 " + r.medfee().toPlainString() + " 元，个人支付 " + r.cashPay().toPlainString() + " 元",
                hospital + ", medical costs CNY " + r.medfee().toPlainString() + ", paid by her CNY "
                        + r.cashPay().toPlainString(),
                r.fundPay(), reversed ? "已冲销" : "已结算", reversed ? "reversed" : "settled", null);
    }
}
