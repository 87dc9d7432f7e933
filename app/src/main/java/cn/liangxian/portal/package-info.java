/** The four portal shells (agency, employer, insured, hospital) and sign-in; features add their pages here. */
package cn.liangxian.portal;
