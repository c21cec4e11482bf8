package dev.etcdregistry.boot.config;

import dev.etcdregistry.boot.connection.EtcdProperties;
import dev.etcdregistry.boot.connection.SensitiveKeys;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigStore;

/**
 * The config center's {@link dev.etcdregistry.boot.annotation.EtcdConfigValue @EtcdConfigValue}
 * support: members are bound to etcd keys at bean initialization and kept current by watches
 * that close with the context. Switched off with {@code etcd.config.enabled=false}.
 */
@AutoConfiguration(after = EtcdAutoConfiguration.class)
@ConditionalOnBean(ConfigStore.class)
@ConditionalOnBooleanProperty(name = "etcd.config.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ EtcdProperties.class, EtcdConfigProperties.class })
public class EtcdConfigAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EtcdConfigValues etcdConfigValues(ConfigStore store, ConfigurableBeanFactory beanFactory,
			ObjectProvider<JsonMapper> jsonMapper, ApplicationEventPublisher publisher, EtcdProperties properties,
			ObjectProvider<EtcdConnection> connection, ObjectProvider<LocalConfigSnapshot> localSnapshot) {
		ConversionService conversionService = (beanFactory.getConversionService() != null)
				? beanFactory.getConversionService() : ApplicationConversionService.getSharedInstance();
		EtcdConfigValues values = new EtcdConfigValues(store, conversionService,
				jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()), publisher,
				new SensitiveKeys(properties.getSensitiveKeys()));
		EtcdConnection etcd = connection.getIfAvailable();
		values.startup(!properties.isFailFast() && etcd != null && !etcd.isVerified(), localSnapshot.getIfAvailable());
		return values;
	}

	/**
	 * The local config snapshot, when the etcd: import did not create it already (it is the
	 * same file for both).
	 */
	@Bean(LocalConfigSnapshot.BEAN_NAME)
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty("etcd.config.snapshot.enabled")
	LocalConfigSnapshot etcdLocalConfigSnapshot(EtcdProperties properties, EtcdConfigProperties config,
			Environment environment) {
		return LocalConfigSnapshot.of(properties, config, environment.getProperty("spring.application.name"));
	}

	@Bean
	@ConditionalOnMissingBean
	static EtcdConfigValueBeanPostProcessor etcdConfigValueBeanPostProcessor() {
		return new EtcdConfigValueBeanPostProcessor();
	}

}
