package dev.etcdregistry.samples.provider;

import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /hello}: answers with this instance's registered id and port. */
@RestController
class HelloController {

	private final Registration registration;

	HelloController(Registration registration) {
		this.registration = registration;
	}

	@GetMapping("/hello")
	Greeting hello() {
		return new Greeting(this.registration.getInstanceId(), this.registration.getPort(),
				"Hello from " + this.registration.getInstanceId());
	}

}
