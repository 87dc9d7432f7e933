package cn.liangxian.settlement;

import java.time.LocalDate;
import java.util.Optional;

import org.springframework.stereotype.Component;

import cn.liangxian.institution.Agreements;
import cn.liangxian.institution.Catalogs;
import cn.liangxian.institution.Institutions;
import cn.liangxian.policy.maternity.MaternityCategory;

/**
 * {@link Contracts} read through the institution feature's services. Institutions and agreement versions are
 * reused for 30 seconds (every hospital message asks for its sender, every settlement for the terms), so a
 * suspension or a new agreement version takes effect for settlement within that time.
 */
@Component
class InstitutionContracts implements Contracts {

    private final Institutions institutions;
    private final Agreements agreements;
    private final Catalogs catalogs;

    InstitutionContracts(Institutions institutions, Agreements agreements, Catalogs catalogs) {
        this.institutions = institutions;
        this.agreements = agreements;
        this.catalogs = catalogs;
    }

    /** Institutions as read in the last {@link #TTL_NANOS}: every hospital message asks for its sender. */
    private final java.util.concurrent.ConcurrentHashMap<String, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();
    /** How long a looked-up institution is reused (a suspension takes effect within this time). */
    static final long TTL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

    private record Cached(Optional<Institution> value, long at) {
    }

    @Override
    public Optional<Institution> institution(String code) {
        long now = System.nanoTime();
        Cached c = cache.get(code);
        if (c != null && now - c.at() < TTL_NANOS) {
            return c.value();
        }
        Optional<Institution> found = institutions.find(code).map(i -> new Institution(i.code(), i.regionCode(), i.name(),
                i.bankName(), i.bankAccountMasked(), i.active()));
        if (cache.size() > 10_000) {
            cache.clear();
        }
        cache.put(code, new Cached(found, now));
        return found;
    }

    /** Agreement versions as read in the last {@link #TTL_NANOS}: every settlement asks for its hospital's terms. */
    private final java.util.concurrent.ConcurrentHashMap<String, CachedAgreements> agreementCache =
            new java.util.concurrent.ConcurrentHashMap<>();

    private record CachedAgreements(java.util.List<cn.liangxian.institution.Agreement> versions, long at) {
    }

    @Override
    public Optional<Terms> terms(String institutionCode, LocalDate date, MaternityCategory category) {
        long now = System.nanoTime();
        CachedAgreements c = agreementCache.get(institutionCode);
        if (c == null || now - c.at() >= TTL_NANOS) {
            if (agreementCache.size() > 10_000) {
                agreementCache.clear();
            }
            c = new CachedAgreements(agreements.versions(institutionCode), now);
            agreementCache.put(institutionCode, c);
        }
        return c.versions().stream().filter(a -> a.inForceOn(date)).findFirst()
                .flatMap(a -> Optional.ofNullable(a.terms().get(category))
                .map(t -> new Terms(institutionCode + " 第" + a.version() + "版（" + a.validFrom() + " 起）", t.method(),
                        t.quota())));
    }

    @Override
    public java.util.List<String> institutionsOf(String regionCode) {
        return institutions.inRegion(regionCode).stream().map(cn.liangxian.institution.Institution::code).toList();
    }

    @Override
    public Measured recordIndicator(String institutionCode, String indicator, LocalDate from, LocalDate to,
            java.math.BigDecimal value, String source) {
        cn.liangxian.institution.Measurement m = agreements.recordComputed(institutionCode,
                cn.liangxian.institution.Indicator.valueOf(indicator), from, to, value, source);
        return new Measured(m.indicator().name(), m.periodFrom(), m.periodTo(), m.value(), m.limit(), m.withinLimit());
    }

    @Override
    public Optional<Item> item(String regionCode, String code, LocalDate date) {
        return catalogs.item(regionCode, code, date).map(i -> new Item(i.code(), i.name(), i.kind().name(),
                ItemClass.valueOf(i.itemClass().name()), i.selfPayShare(), i.priceCap()));
    }
}
