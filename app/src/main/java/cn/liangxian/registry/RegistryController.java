package cn.liangxian.registry;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import cn.liangxian.policy.Bilingual;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.pii.Identifiers.CertType;
import cn.liangxian.web.ApiException;

/**
 * Registry and unified enrollment over REST: people, employers, enrollment (310 and 510 in one act),
 * flexible workers, spouses, the as-of coverage query and the census. State-changing calls accept an
 * {@code Idempotency-Key} header.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "registry", description = "参保登记 / registration and enrollment")
class RegistryController {

    private final PersonDirectory persons;
    private final EmployerRegistry employers;
    private final Enrollments enrollments;
    private final Census census;

    RegistryController(PersonDirectory persons, EmployerRegistry employers, Enrollments enrollments, Census census) {
        this.persons = persons;
        this.employers = employers;
        this.enrollments = enrollments;
        this.census = census;
    }

    // ------------------------------------------------------------------ people

    record NewPersonBody(String regionCode, String certType, String certNumber, String name, String sex,
            LocalDate birthDate, String phone) {
    }

    @Operation(summary = "Register a person (once per region; personal data stored encrypted)")
    @PostMapping(path = "/persons", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    PersonDirectory.MaskedPerson register(@AuthenticationPrincipal LiangxianUser me, @RequestBody NewPersonBody b) {
        PersonDirectory.NewPerson p = new PersonDirectory.NewPerson(b.regionCode(), certType(b.certType()),
                b.certNumber(), b.name(), b.sex(), b.birthDate(), b.phone());
        long id = persons.register(me, p, LocalDate.now());
        return persons.masked(me, id);
    }

    @Operation(summary = "Search people of a region by full certificate number or exact name (answers masked)")
    @GetMapping("/persons")
    List<PersonDirectory.MaskedPerson> search(@AuthenticationPrincipal LiangxianUser me, @RequestParam String region,
            @RequestParam String q) {
        return persons.search(me, region, q);
    }

    @Operation(summary = "A person's coverage timeline (310, 510, spouse registrations)")
    @GetMapping("/persons/{id}/coverage")
    Enrollments.Timeline timeline(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id) {
        return enrollments.timeline(me, id);
    }

    @Operation(summary = "Was this person maternity-covered on a date, how, and under which employer?")
    @GetMapping("/persons/{id}/maternity-coverage")
    Enrollments.MaternityCoverage maternityCoverage(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        return enrollments.maternityCoverageOn(me, id, date);
    }

    record StartBody(LocalDate startDate) {
    }

    record EndBody(LocalDate lastDay, String reason) {
    }

    record TransferBody(String employerUscc, LocalDate startDate, String reason) {
    }

    @Operation(summary = "Enroll a flexible worker in 310")
    @PostMapping(path = "/persons/{id}/flexible", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Enrollments.Period flexible(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestBody StartBody b) {
        return enrollments.enrollFlexible(me, id, b.startDate());
    }

    @Operation(summary = "End a flexible worker's 310")
    @PostMapping(path = "/persons/{id}/flexible/end", consumes = MediaType.APPLICATION_JSON_VALUE)
    List<Enrollments.Period> endFlexible(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestBody EndBody b) {
        return enrollments.endFlexible(me, id, b.lastDay(), b.reason());
    }

    @Operation(summary = "Move an employee to another employer: no gap, no overlap")
    @PostMapping(path = "/persons/{id}/transfer", consumes = MediaType.APPLICATION_JSON_VALUE)
    List<Enrollments.Period> transfer(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestBody TransferBody b) {
        return enrollments.transfer(me, id, b.employerUscc(), b.startDate(), b.reason());
    }

    record SpouseBody(long wifeId, long husbandId, LocalDate startDate) {
    }

    @Operation(summary = "Register an insured man's unemployed wife for maternity medical coverage")
    @PostMapping(path = "/spouses", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Enrollments.SpouseRegistration spouse(@AuthenticationPrincipal LiangxianUser me, @RequestBody SpouseBody b) {
        return enrollments.registerSpouse(me, b.wifeId(), b.husbandId(), b.startDate());
    }

    @Operation(summary = "End a spouse registration")
    @PostMapping(path = "/spouses/{id}/end", consumes = MediaType.APPLICATION_JSON_VALUE)
    Enrollments.SpouseRegistration endSpouse(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestBody EndBody b) {
        return enrollments.endSpouse(me, id, b.lastDay());
    }

    // ------------------------------------------------------------------ employers

    record NewEmployerBody(String regionCode, String uscc, String name, String type, String industry, String address,
            String contactName, String contactPhone, String bankName, String bankAccount, LocalDate activeFrom) {
    }

    @Operation(summary = "Register an employer")
    @PostMapping(path = "/employers", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    EmployerRegistry.Employer registerEmployer(@AuthenticationPrincipal LiangxianUser me, @RequestBody NewEmployerBody b) {
        EmployerRegistry.EmployerType type = Bilingual.parse(EmployerRegistry.EmployerType.class, b.type())
                .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "INVALID_EMPLOYER"));
        return employers.register(me, new EmployerRegistry.NewEmployer(b.regionCode(), b.uscc(), b.name(), type,
                b.industry(), b.address(), b.contactName(), b.contactPhone(), b.bankName(), b.bankAccount(),
                b.activeFrom()));
    }

    @Operation(summary = "The employers of a region with their status on a date (default today), by name, paged")
    @GetMapping("/employers")
    List<EmployerRegistry.Summary> employers(@AuthenticationPrincipal LiangxianUser me, @RequestParam String region,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
            @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "200") int limit) {
        return employers.list(me, region, date == null ? LocalDate.now() : date, offset, limit);
    }

    @Operation(summary = "One employer with its status history")
    @GetMapping("/employers/{uscc}")
    EmployerRegistry.Employer employer(@AuthenticationPrincipal LiangxianUser me, @PathVariable String uscc) {
        return employers.visible(me, region(uscc), uscc);
    }

    record StatusBody(String status, LocalDate from, String reason) {
    }

    @Operation(summary = "Change an employer's status from a date (dated history)")
    @PostMapping(path = "/employers/{uscc}/status", consumes = MediaType.APPLICATION_JSON_VALUE)
    EmployerRegistry.Employer status(@AuthenticationPrincipal LiangxianUser me, @PathVariable String uscc,
            @RequestBody StatusBody b) {
        EmployerRegistry.Status s = Bilingual.parse(EmployerRegistry.Status.class, b.status())
                .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "INVALID_STATUS_CHANGE", "-"));
        return employers.changeStatus(me, region(uscc), uscc, s, b.from(), b.reason());
    }

    @Operation(summary = "The employer's employees covered on a date (masked)")
    @GetMapping("/employers/{uscc}/roster")
    List<Enrollments.RosterLine> roster(@AuthenticationPrincipal LiangxianUser me, @PathVariable String uscc,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        return enrollments.roster(me, uscc, date == null ? LocalDate.now() : date);
    }

    record EnrollBody(Long personId, String certType, String certNumber, String name, String sex, String phone,
            LocalDate startDate, Set<String> insuranceTypes, String source) {
    }

    @Operation(summary = "Enroll an employee (增员): 310 and 510 from the same date, in one transaction")
    @PostMapping(path = "/employers/{uscc}/enrollments", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    List<Enrollments.Period> enroll(@AuthenticationPrincipal LiangxianUser me, @PathVariable String uscc,
            @RequestBody EnrollBody b) {
        Enrollments.Enrollee who = new Enrollments.Enrollee(b.personId(),
                b.personId() == null ? certType(b.certType()) : null, b.certNumber(), b.name(), b.sex(), b.phone());
        Enrollments.Source source = b.source() == null ? Enrollments.Source.ENROLLMENT
                : Bilingual.parse(Enrollments.Source.class, b.source())
                        .filter(s -> s == Enrollments.Source.ENROLLMENT || s == Enrollments.Source.LEGACY_IMPORT)
                        .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST"));
        return enrollments.enrollEmployee(me, who, uscc, b.startDate(), b.insuranceTypes(), source);
    }

    @Operation(summary = "End an employee's coverage (减员): 310 and 510 together")
    @PostMapping(path = "/employers/{uscc}/enrollments/{personId}/end", consumes = MediaType.APPLICATION_JSON_VALUE)
    List<Enrollments.Period> end(@AuthenticationPrincipal LiangxianUser me, @PathVariable String uscc,
            @PathVariable long personId, @RequestBody EndBody b) {
        return enrollments.endEmployee(me, personId, uscc, b.lastDay(), b.reason());
    }

    // ------------------------------------------------------------------ census

    @Operation(summary = "People with 310 and no 510 on a date, by employer (摸清底数)")
    @GetMapping("/census")
    Census.Report census(@AuthenticationPrincipal LiangxianUser me, @RequestParam String region,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        return census.report(me, region, date);
    }

    record FixBody(String regionCode, LocalDate date, String reason) {
    }

    @Operation(summary = "Enroll everyone in the census in 510 (four-eyes)")
    @PostMapping(path = "/census/fix", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Census.FixOutcome fix(@AuthenticationPrincipal LiangxianUser me, @RequestBody FixBody b) {
        return census.requestFix(me, b.regionCode(), b.date(), b.reason());
    }

    // ------------------------------------------------------------------ helpers

    private String region(String uscc) {
        return employers.regionOf(uscc.trim().toUpperCase(java.util.Locale.ROOT))
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
    }

    static CertType certType(String text) {
        if (text == null || text.isBlank()) {
            return CertType.RESIDENT_ID;
        }
        return Bilingual.parse(CertType.class, text)
                .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "INVALID_CERTIFICATE", "证件类型未知",
                        "unknown certificate type"));
    }
}
