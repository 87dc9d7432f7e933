/** The registry of insured people (and later employers and enrollment). Personal data is stored encrypted. */
package cn.liangxian.registry;
