package dev.etcdregistry.samples.consumer;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /call} calls {@code greeting-service} once; {@code GET /instances} lists it. */
@RestController
class CallController {

	private final GreetingClient greetings;

	CallController(GreetingClient greetings) {
		this.greetings = greetings;
	}

	@GetMapping("/call")
	GreetingReply call() {
		return this.greetings.hello();
	}

	@GetMapping("/instances")
	List<String> instances() {
		return this.greetings.instances().stream()
			.map((instance) -> instance.getInstanceId() + " " + instance.getUri())
			.toList();
	}

}
