package cn.liangxian.registry;

import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import cn.liangxian.security.LiangxianUser;

/** People, masked by default; {@code POST …/reveal} with a reason shows the full data and is audited. */
@RestController
@RequestMapping(path = "/api/v1/persons", produces = MediaType.APPLICATION_JSON_VALUE)
class PersonController {

    private final PersonDirectory persons;

    PersonController(PersonDirectory persons) {
        this.persons = persons;
    }

    @GetMapping("/{id}")
    PersonDirectory.MaskedPerson get(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id) {
        return persons.masked(me, id);
    }

    @PostMapping(path = "/{id}/reveal", consumes = MediaType.APPLICATION_JSON_VALUE)
    PersonDirectory.RevealedPerson reveal(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestBody Map<String, String> body) {
        return persons.reveal(me, id, body.get("reason"));
    }
}
