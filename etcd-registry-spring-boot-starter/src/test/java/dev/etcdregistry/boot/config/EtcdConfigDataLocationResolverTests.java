package dev.etcdregistry.boot.config;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.context.config.ConfigDataResource;
import org.springframework.boot.context.config.Profiles;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.logging.DeferredLogs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class EtcdConfigDataLocationResolverTests {

	private final EtcdConfigDataLocationResolver resolver = new EtcdConfigDataLocationResolver(new DeferredLogs());

	@Test
	void resolvesOnlyEtcdLocations() {
		ResolverContext context = context(Map.of());
		assertThat(this.resolver.isResolvable(context, ConfigDataLocation.of("etcd:"))).isTrue();
		assertThat(this.resolver.isResolvable(context, ConfigDataLocation.of("optional:etcd:"))).isTrue();
		assertThat(this.resolver.isResolvable(context, ConfigDataLocation.of("classpath:etcd.yml"))).isFalse();
	}

	@Test
	void anOptionalImportReadsNothingWhenTheConfigCenterIsOff() {
		ResolverContext context = context(Map.of("spring.application.name", "orders", "etcd.config.enabled", "false"));
		assertThat(this.resolver.resolveProfileSpecific(context, ConfigDataLocation.of("optional:etcd:"), profiles()))
			.isEmpty();
		assertThat(this.resolver.resolveProfileSpecific(context, ConfigDataLocation.of("optional:etcd:/shared/"),
				profiles()))
			.isEmpty();
		assertThat(context.getBootstrapContext().isRegistered(EtcdConfigImport.class))
			.as("no connection state for a switched-off import").isFalse();
	}

	@Test
	void aRequiredImportIsAnErrorNamingTheSwitchWhenTheConfigCenterIsOff() {
		ResolverContext context = context(Map.of("etcd.config.enabled", "false"));
		assertThatThrownBy(() -> this.resolver.resolveProfileSpecific(context, ConfigDataLocation.of("etcd:"), profiles()))
			.hasMessageContaining("etcd.config.enabled is false")
			.hasMessageContaining("optional:etcd:");
	}

	@Test
	void readsTheSharedContextThenTheApplications() {
		ResolverContext context = context(Map.of("spring.application.name", "orders"));
		assertThat(this.resolver.resolve(context, ConfigDataLocation.of("etcd:")))
			.as("deferred until every file is read").isEmpty();
		List<EtcdConfigDataResource> resources = this.resolver.resolveProfileSpecific(context,
				ConfigDataLocation.of("etcd:"), profiles());
		assertThat(resources).singleElement()
			.satisfies((resource) -> assertThat(resource.contexts()).containsExactly("/config/application/",
					"/config/orders/"));
	}

	@Test
	void profileContextsFollowTheSettings() {
		ResolverContext context = context(Map.of("spring.application.name", "orders", "etcd.config.prefix", "/cfg/",
				"etcd.config.default-context", "shared", "etcd.config.profile-separator", "-"));
		Profiles profiles = mock(Profiles.class);
		given(profiles.getActive()).willReturn(List.of("prod", "eu"));
		List<EtcdConfigDataResource> resources = this.resolver.resolveProfileSpecific(context,
				ConfigDataLocation.of("optional:etcd:"), profiles);
		assertThat(resources).hasSize(2);
		assertThat(resources.get(0).contexts()).containsExactly("/cfg/shared/", "/cfg/orders/");
		assertThat(resources.get(1).contexts()).containsExactly("/cfg/shared-prod/", "/cfg/orders-prod/",
				"/cfg/shared-eu/", "/cfg/orders-eu/");
		assertThat(resources).allSatisfy((resource) -> assertThat(resource.optional()).isTrue());
	}

	@Test
	void sharedContextsComeBetweenTheDefaultContextAndTheApplications() {
		ResolverContext context = context(Map.of("spring.application.name", "orders",
				"etcd.config.shared-contexts[0]", "common", "etcd.config.shared-contexts[1]", "db"));
		List<EtcdConfigDataResource> resources = this.resolver.resolveProfileSpecific(context,
				ConfigDataLocation.of("etcd:"), profiles("prod"));
		assertThat(resources).hasSize(2);
		assertThat(resources.get(0).contexts()).containsExactly("/config/application/", "/config/common/",
				"/config/db/", "/config/orders/");
		assertThat(resources.get(1).contexts()).containsExactly("/config/application,prod/", "/config/orders,prod/");
		assertThat(resources.get(0).profiles()).containsExactly("prod");
	}

	@Test
	void aSharedContextWithASlashIsAnErrorNamingIt() {
		assertThatThrownBy(() -> this.resolver.resolveProfileSpecific(
				context(Map.of("etcd.config.shared-contexts", "common/db")), ConfigDataLocation.of("etcd:"),
				profiles()))
			.hasMessageContaining("etcd.config.shared-contexts")
			.hasMessageContaining("'common/db'");
	}

	@Test
	void explicitPrefixesAndDocumentsAreReadAsNamed() {
		List<EtcdConfigDataResource> resources = this.resolver.resolveProfileSpecific(
				context(Map.of("spring.application.name", "orders")),
				ConfigDataLocation.of("optional:etcd:/config/orders/ ; /shared/db.yaml"), profiles("prod"));
		assertThat(resources).singleElement().satisfies((resource) -> {
			assertThat(resource.contexts()).containsExactly("/config/orders/", "/shared/db.yaml");
			assertThat(resource.explicit()).isTrue();
			assertThat(resource.optional()).isTrue();
			assertThat(resource.profiles()).containsExactly("prod");
		});
	}

	@Test
	void unknownSyntaxAfterThePrefixIsAnErrorNamingItAndTheAcceptedForms() {
		for (String location : List.of("etcd:/config/orders", "etcd:config/orders/", "etcd:/a/;/config/x.txt")) {
			String bad = location.substring(location.lastIndexOf(location.contains(";") ? ';' : ':') + 1);
			assertThatThrownBy(() -> this.resolver.resolveProfileSpecific(context(Map.of()),
					ConfigDataLocation.of(location), profiles()))
				.hasMessageContaining("'" + bad + "'")
				.hasMessageContaining("'etcd:/a/prefix/'")
				.hasMessageContaining("'etcd:/a/document.yaml'");
		}
	}

	@Test
	void noActiveProfileMeansNoProfileResource() {
		assertThat(this.resolver.resolveProfileSpecific(context(Map.of()), ConfigDataLocation.of("etcd:"), profiles()))
			.singleElement()
			.satisfies((resource) -> assertThat(resource.contexts()).containsExactly("/config/application/"));
	}

	private static Profiles profiles(String... active) {
		Profiles profiles = mock(Profiles.class);
		given(profiles.getActive()).willReturn(List.of(active));
		return profiles;
	}

	private static ResolverContext context(Map<String, String> properties) {
		return new ResolverContext(new Binder(new MapConfigurationPropertySource(properties)));
	}

	private record ResolverContext(Binder binder, ConfigurableBootstrapContext bootstrap)
			implements ConfigDataLocationResolverContext {

		ResolverContext(Binder binder) {
			this(binder, new DefaultBootstrapContext());
		}

		@Override
		public Binder getBinder() {
			return this.binder;
		}

		@Override
		public ConfigDataResource getParent() {
			return null;
		}

		@Override
		public ConfigurableBootstrapContext getBootstrapContext() {
			return this.bootstrap;
		}

	}

}
