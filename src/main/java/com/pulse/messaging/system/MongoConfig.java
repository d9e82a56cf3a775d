package com.pulse.messaging.system;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.convert.DefaultMongoTypeMapper;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;

/** Stored documents carry no Java class names ({@code _class}): the collections are the schema. */
@Configuration(proxyBeanMethods = false)
class MongoConfig {

	@Bean
	static BeanPostProcessor noTypeKeyInDocuments() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof MappingMongoConverter converter) {
					converter.setTypeMapper(new DefaultMongoTypeMapper(null));
				}
				return bean;
			}
		};
	}

}
