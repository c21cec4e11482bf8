package dev.etcdregistry.boot.connection;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

import dev.etcdregistry.client.EtcdConnection;

/**
 * {@link EtcdWatchStatusEvent}s: Spring application events for the interruptions, resumptions
 * and re-reads of every watch on the connection (discovery, the config import,
 * {@code @EtcdConfigValue} keys). Registration events come with the registry
 * ({@code EtcdRegistrationEvent}).
 */
@AutoConfiguration(after = EtcdAutoConfiguration.class)
@ConditionalOnBean(EtcdConnection.class)
public class EtcdWatchEventsAutoConfiguration {

	@Bean
	WatchStatusEventPublisher etcdWatchStatusEventPublisher(EtcdConnection connection,
			ApplicationEventPublisher publisher) {
		return new WatchStatusEventPublisher(connection, publisher);
	}

}
