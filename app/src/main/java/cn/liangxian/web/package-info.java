/** Cross-cutting web concerns: locale, the page layout, errors as problem+json. No business logic. */
package cn.liangxian.web;
