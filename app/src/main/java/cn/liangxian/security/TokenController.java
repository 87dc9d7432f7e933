package cn.liangxian.security;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import cn.liangxian.web.ApiException;

/** A machine user's own API tokens: list, issue another, revoke. Another user's token is never found. */
@RestController
@RequestMapping(path = "/api/v1/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
class TokenController {

    private final ApiTokens tokens;

    TokenController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping
    List<ApiTokens.TokenInfo> list(@AuthenticationPrincipal LiangxianUser me) {
        return tokens.list(me);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    ApiTokens.IssuedToken issue(@AuthenticationPrincipal LiangxianUser me, @RequestBody Map<String, String> body) {
        String name = body.getOrDefault("name", "").trim();
        if (name.isEmpty() || name.length() > 80) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_TOKEN_NAME");
        }
        return tokens.issue(me, name);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id) {
        if (!tokens.revoke(me, id)) {
            throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND");
        }
    }
}
