package cn.liangxian.security;

import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import cn.liangxian.web.LayoutModel;

/** Who is signed in, as the layout's banner shows it. */
@Component
class BannerProvider implements LayoutModel.MeProvider {

    @Override
    public LayoutModel.Me me(Object principal) {
        if (!(principal instanceof LiangxianUser u)) {
            return null;
        }
        String binding = switch (u.role().binding()) {
            case REGIONS -> u.regions().stream().sorted().collect(Collectors.joining(", "));
            case EMPLOYER -> u.employerUscc();
            case PERSON -> "本人 / self";
            case INSTITUTION -> u.institutionCode();
        };
        return new LayoutModel.Me(u.maskedName(), u.getUsername(), u.role().name(), u.role().zh(), u.role().en(),
                binding, u.role().portal());
    }
}
