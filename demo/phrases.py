"""What customers write: review sentences in English, Spanish and French, with Google's English for the others.

`{name}`/`{name2}` are agents as the customer wrote them, `{fam}` a relative, `{rel}` the relation;
`[[masculine|feminine]]` follows the agent's gender. Spanish and French entries are (original, English).
"""

from __future__ import annotations

EN = {
    "name": (
        "{name} was amazing. [[He|She]] explained everything and set me up with a plan I can actually afford.",
        "I was dreading this call but {name} made it so easy. Thank you {name}!",
        "Shout out to {name} for being patient with me while I figured out my budget.",
        "{name} treated me like a human being, not a number. 10/10.",
        "Never thought I'd leave 5 stars for a collection agency but {name} deserves it.",
        "{name} was very professional and respectful. Made a stressful situation a lot easier.",
        "Thank you {name} for your kindness and patience!!",
        "Excellent customer service from {name}.",
        "{name} is the best, answered all my questions about the account.",
        "I was so stressed and {name} calmed me down and found a solution. Highly recommend.",
        "Talked to {name} today. No pressure, no judgement, just help.",
        "{name} went above and beyond to get my payments lowered. Thank you!",
    ),
    "name_chat": (
        "Had a great experience with {name} on the chat today. Quick, kind and no pressure.",
        "{name} answered my chat in minutes and sorted out my payment date. Great service.",
    ),
    "name_sms": ("{name} texted me back within minutes and fixed my payment date. So easy.",),
    "name_voice": ("Called in and got {name}. Best phone call I've had all year, honestly.",),
    "name_plan_restarted": (
        "My payment bounced and {name} helped me restart my plan the same day. Super understanding.",
    ),
    "name_paid_in_full": (
        "Big thanks to {name}! Paid my balance in full today and {name} walked me through every step.",
    ),
    "name_hardship_support": (
        "Spoke with {name} about losing my job and [[he|she]] paused everything while I got back on my feet.",
    ),
    "possessive": (
        "{name}'s patience and kindness made all the difference.",
        "Really appreciated {name}'s help setting up my plan.",
        "{name}'s explanation was clear and honest. Thank you!",
    ),
    "multi": (
        "{name} set up my plan and {name2} fixed it when my card was declined. Great team!",
        "Thanks to {name} and {name2} for all the help this month.",
    ),
    "family": (
        "My {rel} {fam} and I were behind on this account. {name} worked out a plan that fits our budget.",
        "{fam}, my {rel}, usually handles the bills, but {name} was so patient with me.",
    ),
    "family_noname": (
        "My {rel} {fam} told me to just call them and I'm glad I did. Easy process.",
        "Helped my {rel} {fam} get this sorted. Respectful people.",
    ),
    "generic": (
        "Easy to set up a payment plan. Respectful and no pressure.",
        "Best collection agency experience I've had, and I've had a few.",
        "They actually listened to me.",
        "Very helpful staff, explained all my options.",
        "Great service",
        "Friendly, fast and fair.",
    ),
    "mixed_name": (
        "{name} was nice but it took three tries to get through.",
        "Good help from {name}, but the website kept failing when I tried to pay.",
    ),
    "negative_name": (
        "{name} was rude and hung up on me.",
        "{name} promised a callback that never happened.",
        "Waited 40 minutes and then {name} couldn't tell me anything useful.",
    ),
    "negative": (
        "Stop calling me. This is not my debt.",
        "They keep texting me about an account I already paid.",
        "Calls every day. Harassment.",
        "Could not get a straight answer about what I owe.",
    ),
    "stranger_positive": (
        "Paid online in two minutes, never had to talk to anyone.",
        "The website was easy to use.",
    ),
}
ES = {
    "name": (
        ("{name} fue muy amable y me ayudó a hacer un plan de pagos. ¡Gracias!",
         "{name} was very kind and helped me make a payment plan. Thank you!"),
        ("Excelente atención de {name}, muy paciente y [[respetuoso|respetuosa]].",
         "Excellent service from {name}, very patient and respectful."),
        ("{name} me explicó todo en español y sin presiones.",
         "{name} explained everything to me in Spanish and without pressure."),
        ("Me atendió {name} por chat, súper rápido y amable.", "{name} helped me by chat, super fast and friendly."),
        ("La atención de {name} fue excelente, se los recomiendo.",
         "{name}'s service was excellent, I recommend them."),
    ),
    "name_paid_in_full": (
        ("Gracias a {name} pude pagar mi cuenta completa. Muy recomendado.",
         "Thanks to {name} I was able to pay my account in full. Highly recommended."),
    ),
    "multi": (
        ("Gracias a {name} y a {name2} por toda la ayuda.", "Thanks to {name} and {name2} for all the help."),
    ),
    "family": (
        ("Mi {rel} {fam} y yo estábamos atrasados; {name} nos ayudó con un plan.",
         "My {rel_en} {fam} and I were behind; {name} helped us with a plan."),
    ),
    "family_noname": (
        ("Mi {rel} {fam} me dijo que llamara y todo salió bien.",
         "My {rel_en} {fam} told me to call and it all went well."),
    ),
    "generic": (
        ("Muy buen servicio, fácil hacer el pago.", "Very good service, easy to make the payment."),
        ("Me trataron con respeto.", "They treated me with respect."),
    ),
    "mixed_name": (
        ("{name} fue amable pero tardaron mucho en contestar.", "{name} was kind but they took a long time to answer."),
    ),
    "negative_name": (("{name} no me quiso ayudar y me colgó.", "{name} didn't want to help me and hung up on me."),),
    "negative": (("Dejen de llamarme, esa deuda no es mía.", "Stop calling me, that debt is not mine."),),
}
FR = {
    "name": (
        ("{name} a été très [[gentil|gentille]] et m'a aidé à mettre en place une entente de paiement.",
         "{name} was very kind and helped me set up a payment arrangement."),
        ("Merci à {name} pour sa patience et son professionnalisme!",
         "Thanks to {name} for their patience and professionalism!"),
        ("Service impeccable, {name} a tout réglé en quelques minutes.",
         "Impeccable service, {name} settled everything in a few minutes."),
        ("J'ai clavardé avec {name}, super efficace et sans jugement.",
         "I chatted with {name}, super efficient and without judgement."),
    ),
    "multi": (("Merci à {name} et {name2} pour leur aide.", "Thanks to {name} and {name2} for their help."),),
    "family": (
        ("Mon {rel} {fam} et moi avions du retard; {name} nous a proposé une entente.",
         "My {rel_en} {fam} and I were behind; {name} offered us an arrangement."),
    ),
    "family_noname": (
        ("Mon {rel} {fam} m'a conseillé d'appeler, très bonne expérience.",
         "My {rel_en} {fam} advised me to call, very good experience."),
    ),
    "generic": (("Très bon service, rapide et courtois.", "Very good service, fast and courteous."),),
    "mixed_name": (
        ("{name} était aimable mais l'attente était longue.", "{name} was friendly but the wait was long."),
    ),
    "negative_name": (("{name} n'a pas voulu m'écouter.", "{name} would not listen to me."),),
    "negative": (("Arrêtez de m'appeler.", "Stop calling me."),),
}
# Relations by the relative's gender: (English, Spanish, French).
RELATIONS = {
    "m": (("husband", "esposo", "mari"), ("son", "hijo", "fils"), ("dad", "papá", "père")),
    "f": (("wife", "esposa", "femme"), ("daughter", "hija", "fille"), ("mom", "mamá", "mère")),
}
REPLIES = {
    "en": (
        "Thank you so much for the kind words, {reviewer}! We'll make sure {agent} sees this.",
        "Thanks for taking the time to share your experience, {reviewer}. We're glad we could help.",
    ),
    "es": ("¡Muchas gracias por sus palabras, {reviewer}! Se lo haremos saber a {agent}.",),
    "fr": ("Merci beaucoup pour votre message, {reviewer}! Nous le transmettrons à {agent}.",),
    "negative": (
        "We're sorry to hear this, {reviewer}. Please contact us at support@beaconrecovery.example so we can look "
        "into it.",
    ),
}
UPDATES = (
    "Update: they followed up and everything is sorted.",
    "Edit: still on track with my plan months later.",
)
