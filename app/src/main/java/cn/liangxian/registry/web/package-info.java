/**
 * The registry's pages: the agency clerk's person search, person page (coverage timeline, as-of maternity
 * coverage, enrollment actions), employers, census and approvals; the employer's roster; the insured person's
 * own coverage. Pages call the registry services with the signed-in user, which check access; a service's
 * refusal is shown next to the form that caused it, and the form keeps its input.
 */
package cn.liangxian.registry.web;
