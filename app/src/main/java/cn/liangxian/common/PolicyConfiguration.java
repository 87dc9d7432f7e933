package cn.liangxian.common;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import cn.liangxian.policy.PolicyBook;

/** The encoded law, loaded once and shared by every feature. */
@Configuration(proxyBeanMethods = false)
class PolicyConfiguration {

    @Bean
    PolicyBook policyBook() {
        return PolicyBook.standard();
    }
}
