"""Las palabras de Jorge en español: las mismas claves que en inglés (ver `ehub.bots.wording`)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "intro": "¡Hola! Soy Jorge, un asistente de IA del equipo de Jorge. ",
    "intro.concise": "Habla Jorge, asistente de IA del equipo de Jorge. ",
    "question.lead.area": "¿En qué parte del área de Austin está buscando? (por ejemplo Round Rock, Cedar Park, "
    "East Austin o un código postal)",
    "question.lead.budget": "¿Qué rango de precio le resulta cómodo?",
    "question.lead.timeline": "¿Para cuándo piensa mudarse? ¿Hay una fecha que lo defina, como el fin de un "
    "contrato de renta?",
    "question.lead.agent": "¿Ya trabaja con un agente de bienes raíces?",
    "question.lead.financing": "¿Ya tiene una preaprobación de hipoteca, o piensa pagar de contado?",
    "question.lead.appointment": "¿Le gustaría ver algunas casas? Puedo organizarlo con uno de nuestros agentes.",
    "question.lead.area.concise": "¿Qué ciudad o código postal del área de Austin?",
    "question.lead.budget.concise": "¿Rango de precio?",
    "question.lead.timeline.concise": "¿Cuándo quiere mudarse?",
    "question.lead.agent.concise": "¿Ya tiene agente?",
    "question.lead.financing.concise": "¿Preaprobación o pago de contado?",
    "question.lead.appointment.concise": "¿Quiere ver algunas casas con un agente?",
    "question.seller.area": "¿En qué vecindario o código postal está su casa?",
    "question.seller.property": "¿Más o menos qué tamaño tiene: pies cuadrados y recámaras? La dirección me ayuda "
    "a encontrar los registros.",
    "question.seller.timeline": "¿Para cuándo le gustaría vender?",
    "question.seller.agent": "¿Ya habló con un agente para listar su casa?",
    "question.seller.appointment": "¿Le gustaría revisar un análisis comparativo (CMA) completo con uno de "
    "nuestros agentes?",
    "question.seller.property.concise": "¿Pies cuadrados y recámaras?",
    "question.seller.timeline.concise": "¿Cuándo quiere vender?",
    "question.seller.agent.concise": "¿Ya habló con un agente?",
    "question.seller.appointment.concise": "¿Quiere revisar un CMA completo con un agente?",
    "ack.0": "Entendido.",
    "ack.1": "¡Gracias!",
    "ack.2": "Muy bien, gracias.",
    "ack.3": "Perfecto.",
    "sorry": "Lamento mucho eso.",
    "opt_out_confirmation": "Se dio de baja y no recibirá más mensajes nuestros. Responda START para volver a "
    "suscribirse.",
    "opt_in_confirmation": "¡Bienvenido de nuevo! Ya está suscrito otra vez. ¿En qué le puedo ayudar?",
    "consent_check": "Solo para confirmar: ¿quiere que dejemos de enviarle mensajes? Responda STOP y lo haremos "
    "de inmediato.",
    "consent_on_own_channel": "Para dejar o volver a recibir nuestros mensajes de texto, responda STOP o START a "
    "cualquiera de ellos.",
    "handoff.human_request": "Claro. Soy un asistente de IA, así que lo comunico con uno de nuestros agentes; "
    "se pondrá en contacto {when}.",
    "handoff.hot_lead": "Todo listo. Uno de nuestros agentes se comunicará {when} para continuar.",
    "handoff.repeated_question": "Voy a pedirle a uno de nuestros agentes que le ayude. Se comunicará {when}.",
    "handoff.low_confidence": "Quiero asegurarme de darle la respuesta correcta, así que uno de nuestros agentes "
    "le dará seguimiento {when}.",
    "handoff.advice": "Esa es una pregunta para un profesional con licencia. Uno de nuestros agentes se "
    "comunicará {when} para ayudarle.",
    "handoff.when.now": "en breve",
    "handoff.when.morning": "después de las 8 de la mañana",
    "after_handoff": "Gracias, ya le pasé esto a su agente, quien le responderá {when}.",
    "taxes": "Los impuestos a la propiedad en {areas} varían por casa: condado, ciudad, distrito escolar y a veces un"
    " MUD suman su tasa. Su agente puede darle la tasa exacta de cualquier casa.",
    "taxes.texas": "Texas",
    "down_payment": "Muchos primerizos dan 3 a 3.5% de enganche (préstamos convencionales o FHA); VA y USDA "
    "pueden ser sin enganche, y con 20% no hay seguro hipotecario. Un prestamista le dirá qué le conviene.",
    "commission": "La comisión es negociable y siempre se acuerda por escrito antes de trabajar juntos; un agente "
    "le puede explicar la nuestra.",
    "later": "Sin problema. Escríbame cuando tenga un momento y seguimos donde nos quedamos.",
    "and": " y ",
    "bot_disclosure": "Sí, soy Jorge, un asistente de IA del equipo de Jorge. Puedo responder preguntas y organizar "
    "citas, y un agente con licencia puede atenderle cuando usted lo prefiera.",
    "steering.schools": "No puedo calificar escuelas, pero puede compararlas usted mismo: el sitio del distrito "
    "y la Agencia de Educación de Texas (txschools.gov) publican calificaciones de cada escuela.",
    "steering.safety": "No puedo calificar la seguridad de una zona, pero el mapa de delitos del Departamento de "
    "Policía de Austin y el alguacil del condado publican los incidentes reportados por dirección.",
    "steering.demographics": "No describo quién vive en una zona. La Oficina del Censo de EE. UU. "
    "(data.census.gov) publica estadísticas por vecindario si desea consultarlas.",
    "steering.religion": "No puedo describir vecindarios de esa manera, pero una búsqueda en el mapa muestra los "
    "lugares de culto cerca de cualquier casa que le guste.",
    "decline.renting": "¡Gracias por escribir! Ayudamos a comprar y vender casas, así que no puedo ayudarle con "
    "rentas. Si algún día le conviene comprar, aquí estoy.",
    "decline.vendor": "Gracias, pasaré su mensaje a nuestra oficina. Aquí solo atiendo a compradores y vendedores.",
    "decline.not_in_market": "No hay problema. Si algún día piensa comprar o vender, escríbame.",
    "soft_close": "No hay problema. Aquí estoy cuando tenga preguntas sobre comprar o vender.",
    "ack.gentle": "Gracias por contarme.",
    "seller.walkthrough": "Perfecto, uno de nuestros agentes se comunicará para organizar la visita.",
    "handoff.hot_lead.summary": "Todo listo para casas en {area} hasta {budget}. Uno de nuestros agentes se "
    "comunicará {when} para continuar.",
    "after_handoff.about": "Gracias, ya le pasé su pregunta sobre {topic} a su agente, quien le responderá {when}.",
    "austin_area": "el área de Austin",
    "safe_fallback": "¡Gracias! Uno de nuestros agentes le dará seguimiento con los detalles.",
    "consultation.fee": "Si desea primero una consulta completa con su agente, puede reservarla aquí ({amount}): {url}",
    "buyer.showing": "¡Excelente! Un agente organizará las visitas en {area} y le confirmará hoy mismo un horario.",
    "buyer.no_match": "Por ahora nada en {area} coincide exactamente. ¿Le serviría un presupuesto un poco mayor o "
    "una zona cercana? También estaré pendiente de nuevas propiedades.",
    "buyer.matches.one": "Hay 1 casa en {area} que coincide: {lines}.",
    "buyer.matches.many": "Hay {count} casas en {area} que coinciden: {lines}.",
    "buyer.tour.one": "¿Quiere verla?",
    "buyer.tour.many": "¿Quiere ver alguna?",
    "listing.line": "{address} {price} {beds} rec/{baths} baños {per_sqft}/pie² {link}",
    "seller.no_comps": "No encontré suficientes ventas recientes parecidas a la suya; uno de nuestros agentes "
    "puede prepararle un CMA completo.",
    "seller.estimate": "Las ventas recientes parecidas a la suya indican un rango de aproximadamente {low}-{high}, "
    "con base en {comps}.",
    "seller.comp": "{address} ({adjusted} para su tamaño)",
    "seller.size": "{sqft} pies²",
    "seller.size.beds": "{sqft} pies², {beds} rec",
    "seller.found_record": "Encontré {address} en los registros del MLS ({size}). ",
    "market.summary": "En {area}, {sold} en {period} con una mediana de {price} ({per_sqft}/pie², {days} días en "
    "el mercado). {active} a la venta ahora.",
    "market.period": "los últimos {months} meses (hasta el {day} de {month})",
    "months": "ene,feb,mar,abr,may,jun,jul,ago,sep,oct,nov,dic",
    "market.sold.one": "se vendió 1 casa",
    "market.sold.many": "se vendieron {count} casas",
    "market.active.one": "Hay 1 casa",
    "market.active.many": "Hay {count} casas",
    "market.no_sales": "No veo ventas cerradas en {area} para {period} en nuestros datos del MLS; uno de nuestros "
    "agentes puede darle un panorama más completo.",
    "buyer.lender_intro": "Con gusto. Uno de nuestros agentes le enviará {when} los datos de un prestamista de "
    "confianza.",
    "buyer.lender": "La preaprobación va antes de ver casas: ¿quiere que uno de nuestros agentes le presente a "
    "un prestamista de confianza?",
    "market.which_area": "Con gusto le comparto cifras del mercado. ¿Qué ciudad o código postal le interesa?",
    "market.rent": "No tengo cifras de renta para {area}: nuestros datos son de ventas. Puedo decirle a cuánto se "
    "venden las casas ahí, y un agente puede buscarle rentas comparables.",
    "market.unavailable": "No puedo consultar nuestros datos de mercado en este momento; uno de nuestros agentes "
    "puede compartirle las cifras más recientes.",
    "listing.price": "en venta por {price}",
    "listing.rooms": "{beds} rec/{baths} baños",
    "listing.size": "{sqft} pies²",
    "listing.built": "construida en {year}",
    "listing.lot": "{acres} acres",
    "listing.days": "{days} días en el mercado",
    "listing.reduced": "con reducción de precio",
    "listing.beyond": "La lista que le envié tenía {count}; ¿en qué calle está la que dice? La busco.",
    "listing.available": "Sí, {address} sigue a la venta.",
    "listing.gone": "Esa casa ya no está a la venta; puedo buscarle otras parecidas.",
    "listing.defer": "Buena pregunta. El registro del MLS no incluye lo de {detail}, así que un agente se lo "
    "confirmará.",
    # Avisos que exige la ley (ehub.privacy.notices): la correduría y su licencia TREC en el primer
    # mensaje, y el pie de cada correo (CAN-SPAM: dirección postal, darse de baja). Igual en todo estilo.
    "notice.intro": "¡Hola! Soy Jorge, un asistente de IA de {broker_name} (licencia TREC #{broker_license}). ",
    "notice.intro.concise": "Habla Jorge, asistente de IA de {broker_name} (lic. TREC #{broker_license}). ",
    "notice.identity.short": "{broker_name}, lic. TREC #{broker_license}",
    "notice.email.identity": "{broker_name}, licencia TREC #{broker_license}. {broker_address}",
    "notice.email.iabs": "La ley de Texas nos pide compartir dos avisos: Información sobre Servicios de "
    "Corretaje {iabs_url} y el Aviso de Protección al Consumidor {cpn_url}",
    "notice.email.unsubscribe": "Para dejar de recibir nuestros correos, dese de baja aquí: {unsubscribe_url}",
    # Reservas (ehub.bots.booking): horarios libres del calendario del agente, en hora de Austin.
    "booking.offer": "Puedo reservar {what} con su agente. Responda 1, 2 o 3: {slots}",
    "booking.showing": "una visita",
    "booking.walkthrough": "una visita de evaluación",
    "booking.slot": "{day} {date}/{month} {hour}:{minute}",
    "booking.booked": 'Listo: {slot} (hora de Austin). Su agente lo confirmará. Responda "cambiar la cita" o '
    '"cancelar la cita" para modificarla.',
    "booking.moved": "Hecho, su cita ahora es el {slot} (hora de Austin). Su agente ya tiene el nuevo horario.",
    "booking.cancelled": "Su cita quedó cancelada. Escríbanos cuando quiera elegir otra.",
    "booking.refused": "Lo siento, ese horario se acaba de ocupar.",
    "booking.none": "No encontré horarios libres esta semana; su agente le escribirá con algunas opciones.",
    "weekday.0": "lun",
    "weekday.1": "mar",
    "weekday.2": "mié",
    "weekday.3": "jue",
    "weekday.4": "vie",
    "weekday.5": "sáb",
    "weekday.6": "dom",
    # Nurture (ehub.bots.nurture): seguimientos a un cliente callado, firmados con la correduría y su
    # licencia TREC (publicidad), cada uno con cómo dejar de recibirlos.
    "nurture.follow_up.1": "Hola, soy Jorge otra vez. ¿Alguna pregunta sobre casas en {area} desde que hablamos? "
    "Con gusto le envío algunas propiedades o precios recientes.",
    "nurture.follow_up.2": "¿Sigue pensando en {area}? Puedo enviarle propiedades nuevas en cuanto salgan; solo "
    "dígame qué es lo más importante para usted en una casa.",
    "nurture.follow_up.3": "Un breve saludo de Jorge: ¿le ayudaría una llamada corta con uno de nuestros agentes "
    "sobre {area}? Respóndame con un buen horario.",
    "nurture.follow_up.4": "Cada semana salen casas nuevas en {area}. ¿Quiere que le envíe algunas que coincidan "
    "con lo que me dijo?",
    "nurture.follow_up.5": "Cuando esté listo para ver casas en {area}, solo responda aquí. Le enviaré un breve "
    "resumen del mercado cada mes.",
    "nurture.market_update": "Su resumen mensual del mercado{band}: {summary}",
    "nurture.band": " para casas de {range}",
    "nurture.band.all": "",
    "nurture.stop": "Responda STOP para no recibir más mensajes.",
    # El panel del widget web (bot_api/widget): etiquetas, el aviso de IA, consentimiento TCPA, avisos.
    "widget.title": "Chatee con Jorge",
    "widget.open": "Chatee con Jorge, nuestro asistente de IA",
    "widget.close": "Cerrar el chat",
    "widget.disclosure": "Jorge es un asistente de IA de {broker_name}, no una persona. Pida un agente cuando "
    "quiera y un agente con licencia seguirá la conversación.",
    "widget.log": "Conversación con Jorge",
    "widget.you": "Usted",
    "widget.jorge": "Jorge",
    "widget.message": "Su mensaje",
    "widget.placeholder": "Pregunte por casas, precios o vender",
    "widget.send": "Enviar",
    "widget.replying": "Jorge está respondiendo.",
    "widget.contact": "Comparta cómo contactarle (opcional)",
    "widget.name": "Nombre",
    "widget.phone": "Teléfono móvil",
    "widget.email": "Correo electrónico",
    "widget.consent": "Acepto que {broker_name} y sus agentes me llamen y envíen textos a este número, incluso "
    "por medios automatizados, sobre comprar o vender una casa.",
    "widget.consent.terms": "El consentimiento no es condición de ninguna compra. Pueden aplicarse tarifas de "
    "mensajes y datos. Responda STOP para darse de baja.",
    "widget.consent_needed": "Marque la casilla de consentimiento antes de compartir un teléfono, o déjelo vacío.",
    "widget.rate_limited": "Está enviando mensajes más rápido de lo que puedo responder. Inténtelo de nuevo en "
    "{seconds} segundos; su mensaje sigue aquí.",
    "widget.failed": "Ese mensaje no se envió. Inténtelo de nuevo en un momento; sigue aquí.",
    "widget.restarted": "Nuestra conversación anterior terminó, así que esta empieza una nueva.",
    "widget.listings": "Casas que encontró Jorge",
    "widget.notices": "Avisos de bienes raíces de Texas",
    "widget.iabs": "Información sobre Servicios de Corretaje",
    "widget.cpn": "Aviso de Protección al Consumidor",
}
