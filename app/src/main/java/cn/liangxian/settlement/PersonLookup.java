package cn.liangxian.settlement;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import cn.liangxian.registry.Enrollments;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.pii.Identifiers.CertType;

/**
 * 1101 人员信息获取: finds the person by her certificate in every region we serve (blind index, nothing
 * decrypted to search), and answers her opaque psn_no and her coverage on the date asked for (today without
 * {@code begntime}): a 310 row and a 510 row with how she is maternity-covered — as an employee, a flexible
 * worker or the unemployed spouse of an insured man.
 */
@Service
class PersonLookup {

    /** psn_type codes of our own (the national table was not available; nhsa-interface.md §15): local values. */
    static final Map<String, String> PSN_TYPE = Map.of("EMPLOYEE", "11", "FLEXIBLE", "12", "SPOUSE", "13");

    private final JdbcClient jdbc;
    private final PersonDirectory persons;
    private final Enrollments enrollments;
    private final PersonNumbers numbers;

    PersonLookup(JdbcClient jdbc, PersonDirectory persons, Enrollments enrollments, PersonNumbers numbers) {
        this.jdbc = jdbc;
        this.persons = persons;
        this.enrollments = enrollments;
        this.numbers = numbers;
    }

    Map<String, Object> personInfo(NhsaGateway.Call call) {
        In in = In.object(call.input(), "data");
        String certType = in.code("mdtrt_cert_type", List.of("01", "02", "03"));
        String certNo = in.text("mdtrt_cert_no", 50);
        String psnCertType = in.opt("psn_cert_type", 6);
        String given = in.opt("certno", 50);
        if ("01".equals(certType)) {
            throw new NhsaException("ECERT_NOT_SUPPORTED", "暂不支持医保电子凭证令牌，请以身份证或社会保障卡就诊",
                    "E-voucher tokens are not supported; use the ID card or the social security card");
        }
        LocalDate on = Optional.ofNullable(in.optDateTime("begntime")).map(t -> t.toLocalDate())
                .orElse(call.now().toLocalDate());
        String number = given != null ? given : certNo;
        List<CertType> types = switch (psnCertType == null ? "01" : psnCertType) {
            case "01" -> List.of(CertType.RESIDENT_ID);
            case "17" -> List.of(CertType.HK_MACAO_RESIDENCE, CertType.TAIWAN_RESIDENCE);
            case "07" -> List.of(CertType.FOREIGN_PERMANENT_RESIDENCE);
            default -> throw new NhsaException("FIELD_INVALID", "不支持的人员证件类型 " + psnCertType,
                    "Unsupported psn_cert_type " + psnCertType);
        };
        List<Long> found = new ArrayList<>();
        for (String region : regions()) {
            for (CertType t : types) {
                persons.findByCertificate(region, t, number).ifPresent(found::add);
            }
        }
        if (found.isEmpty()) {
            throw new NhsaException("PERSON_NOT_FOUND", "未查询到参保人员信息", "No insured person holds this certificate");
        }
        // a person registered in several regions (she moved): the record covered on the date, else the first
        long chosen = found.stream().filter(id -> enrollments.maternityCoverageOn(id, on).covered()
                || enrollments.coverageOn(id, Enrollments.MEDICAL, on).isPresent()).findFirst().orElse(found.get(0));
        PersonDirectory.RevealedPerson p = persons.loadAll(List.of(chosen)).get(0);
        String psnNo = numbers.of(p.regionCode(), p.id());

        Map<String, Object> base = new LinkedHashMap<>();
        base.put("psn_no", psnNo);
        base.put("psn_cert_type", psnCertType == null ? "01" : psnCertType);
        base.put("certno", p.idNumber());
        base.put("psn_name", p.name());
        base.put("gend", "F".equals(p.sex()) ? "2" : "M".equals(p.sex()) ? "1" : "9");
        base.put("naty", null);
        base.put("brdy", p.birthDate() == null ? null : p.birthDate().toString());
        base.put("age", p.birthDate() == null ? null
                : BigDecimal.valueOf(Period.between(p.birthDate(), on).getYears()).setScale(1));

        List<Map<String, Object>> insu = new ArrayList<>();
        List<Map<String, Object>> idet = new ArrayList<>();
        enrollments.coverageOn(p.id(), Enrollments.MEDICAL, on).ifPresent(c -> insu.add(insuRow("310",
                PSN_TYPE.get("FLEXIBLE".equals(c.basis()) ? "FLEXIBLE" : "EMPLOYEE"), c.startDate(), p.regionCode())));
        Enrollments.MaternityCoverage m = enrollments.maternityCoverageOn(p.id(), on);
        if (m.covered() || m.medicalCovered()) {
            insu.add(insuRow("510", PSN_TYPE.getOrDefault(m.basis(), "11"), m.since(), p.regionCode()));
        }
        for (Enrollments.Reason r : m.reasons()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("psn_idet_type", PSN_TYPE.getOrDefault(m.basis(), "00"));
            row.put("psn_type_lv", null);
            row.put("memo", r.rule() + (r.value() == null ? "" : "：" + r.value())
                    + (r.reference() == null ? "" : "（" + r.reference() + "）"));
            row.put("begntime", m.since() == null ? null : m.since() + " 00:00:00");
            row.put("endtime", null);
            idet.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("baseinfo", base);
        out.put("insuinfo", insu);
        out.put("idetinfo", idet);
        return out;
    }

    private static Map<String, Object> insuRow(String insutype, String psnType, LocalDate since, String region) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("balc", BigDecimal.ZERO.setScale(2));
        row.put("insutype", insutype);
        row.put("psn_type", psnType);
        row.put("psn_insu_stas", "1");
        row.put("psn_insu_date", since == null ? null : since.toString());
        row.put("paus_insu_date", null);
        row.put("cvlserv_flag", "0");
        row.put("insuplc_admdvs", region);
        row.put("emp_name", null);
        return row;
    }

    private volatile List<String> regions;

    private List<String> regions() {
        if (regions == null) {
            regions = jdbc.sql("select region_code from region order by region_code").query(String.class).list();
        }
        return regions;
    }
}
