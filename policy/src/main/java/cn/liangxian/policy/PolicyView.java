package cn.liangxian.policy;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The parameters of one region on one date, each looked up along the jurisdiction chain. */
public final class PolicyView {

    private final PolicyBook book;
    private final List<Jurisdiction> chain;
    private final LocalDate date;

    PolicyView(PolicyBook book, List<Jurisdiction> chain, LocalDate date) {
        this.book = book;
        this.chain = chain;
        this.date = date;
    }

    public LocalDate date() {
        return date;
    }

    public Jurisdiction region() {
        return chain.get(0);
    }

    public List<Jurisdiction> chain() {
        return chain;
    }

    /** The same region on another date (e.g. a leave that crosses a change of law). */
    public PolicyView on(LocalDate other) {
        return book.at(region().code(), other);
    }

    public String chainDisplay() {
        return chain.stream().map(j -> j.code() + " " + j.nameZh()).collect(Collectors.joining(" → "));
    }

    /** A parameter that must exist on this date; its absence means the region's law is not encoded. */
    public ResolvedParam get(String key) {
        return book.find(chain, key, date).orElseThrow(() -> new PolicyException("NO_RULES_AT_DATE",
                region().nameZh() + "在 " + date + " 未收录参数 " + key,
                region().nameEn() + " has no value of " + key + " on " + date));
    }

    public Optional<ResolvedParam> find(String key) {
        return book.find(chain, key, date);
    }

    public HolidayCalendar holidays() {
        return book.holidays();
    }
}
