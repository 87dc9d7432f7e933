package cn.liangxian.fund;

import java.util.Map;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A test region in the database of a test context: its row under a parent region and its fund books. Idempotent. */
public final class TestRegions {

    private TestRegions() {
    }

    public static void create(ApplicationContext context, String code, String nameZh, String nameEn, String parent) {
        context.getBean(JdbcClient.class).sql("""
                insert into region (region_code, name_zh, name_en, parent_code) values (?, ?, ?, ?)
                on conflict do nothing""").params(code, nameZh, nameEn, parent).update();
        context.getBean(ChartOfAccounts.class).setUp(code, Map.of());
    }
}
