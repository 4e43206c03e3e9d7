"""Name lists for customers, and the ways customers bend agents' names (diminutives, typos, accents)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


def _words(text: str) -> tuple[str, ...]:
    """The space-separated words of `text` (long name lists read better as prose)."""
    return tuple(text.split())


EN_FEMALE = _words(
    "Mary Patricia Linda Barbara Elizabeth Jennifer Susan Jessica Sarah Karen Nancy Lisa Betty Sandra Ashley "
    "Kimberly Donna Emily Michelle Carol Amanda Melissa Deborah Stephanie Rebecca Laura Sharon Cynthia Kathleen "
    "Amy Shirley Angela Helen Anna Brenda Pamela Nicole Samantha Katherine Christine Debra Rachel Carolyn Janet "
    "Heather Diane Julie Joyce Victoria Kelly Christina Joan Evelyn Lauren Judith Olivia Megan Cheryl Andrea "
    "Hannah Jacqueline Martha Gloria Teresa Sara Madison Kathryn Janice Jean Abigail Alice Judy Sophia Denise "
    "Amber Doris Marilyn Danielle Beverly Isabella Theresa Diana Natalie Brittany Charlotte Marie Kayla Alexis "
    "Tamika Keisha Latoya Ebony Aaliyah Imani Jasmine Tiara"
)
EN_MALE = _words(
    "James Robert John Michael David William Richard Joseph Thomas Charles Christopher Daniel Matthew Anthony "
    "Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward Jason Jeffrey Ryan "
    "Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander "
    "Frank Patrick Raymond Jack Dennis Jerry Tyler Aaron Jose Adam Nathan Henry Douglas Zachary Peter Kyle "
    "Walter Ethan Jeremy Harold Keith Christian Roger Noah Gerald Carl Terry Sean Austin Arthur Lawrence Jesse "
    "Dylan Bryan Joe Jordan Billy Bruce Albert Willie Gabriel Logan Alan Juan Wayne Roy Ralph Randy Eugene "
    "Vincent Russell Elijah Louis Bobby Philip Johnny DeAndre Jamal Darnell Tyrone Malik"
)
EN_LAST = _words(
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson Martin Lee "
    "Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Baker "
    "Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris Murphy "
    "Cook Rogers Morgan Peterson Cooper Reed Bailey Bell Kelly Howard Cox Ward Richardson Watson Brooks Wood "
    "James Bennett Gray Hughes Price Sanders Myers Long Ross Foster Powell Jenkins Perry Russell Sullivan Fisher "
    "Henderson Coleman Simmons Patterson Jordan Reynolds Hamilton Graham Wallace Woods Cole West Owens Marshall "
    "O'Connor McDonald O'Brien Washington Jefferson Kowalski Schmidt Novak Rossi Murray Hayes Ford Gibson"
)
ES_FEMALE = _words(
    "María Guadalupe Juana Margarita Verónica Rosa Leticia Teresa Patricia Elizabeth Alejandra Gabriela Adriana "
    "Martha Yolanda Silvia Araceli Claudia Sandra Mónica Laura Norma Ana Carmen Lucía Sofía Valeria Daniela "
    "Fernanda Ximena Camila Isabel Esperanza Rocío Dolores Angélica Maribel Yesenia Jazmín Beatriz Luz Marisol"
)
ES_MALE = _words(
    "José Juan Luis Carlos Jorge Francisco Miguel Jesús Antonio Alejandro Manuel Pedro Ricardo Roberto Fernando "
    "Javier Rafael Eduardo Sergio Arturo Raúl Daniel Héctor Óscar Enrique Ramón Alberto Víctor Armando Mario "
    "Andrés Diego Santiago Emilio Joaquín Gerardo Rubén Ernesto Guillermo Julio"
)
ES_LAST = _words(
    "García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez Torres Flores Rivera Gómez Díaz "
    "Reyes Morales Cruz Ortiz Gutiérrez Chávez Ramos Ruiz Mendoza Álvarez Castillo Jiménez Moreno Romero Herrera "
    "Medina Aguilar Vargas Castro Guzmán Vásquez Salazar Domínguez Delgado Soto Contreras Ríos Mejía Peña Ortega "
    "Navarro Cervantes Estrada Campos Fuentes Villarreal Garza Treviño Cantú Ibarra Valdez Rosales"
)
FR_FEMALE = _words(
    "Marie Nathalie Isabelle Julie Sophie Mélanie Catherine Chantal Sylvie Geneviève Émilie Camille Léa Chloé "
    "Audrey Annie Josée Manon Caroline Valérie Élise Maude Noémie Sandrine"
)
FR_MALE = _words(
    "Jean Pierre Michel Luc François Stéphane Martin Sylvain Éric Mathieu Alexandre Olivier Nicolas Simon "
    "Louis Gabriel Benoît Réjean Guy Marc-André Jean-Philippe Sébastien Félix Étienne"
)
FR_LAST = _words(
    "Tremblay Gagnon Roy Côté Bouchard Gauthier Morin Lavoie Fortin Gagné Ouellet Pelletier Bélanger Lévesque "
    "Bergeron Leblanc Paquette Girard Simard Boucher Caron Beaulieu Cloutier Dubé Poirier Fournier Lapointe "
    "Leclerc Lefebvre Poulin Thibault St-Pierre Nadeau Martel Gilbert Desjardins"
)
VI_FAMILY = _words("Nguyen Tran Le Pham Hoang Phan Vu Vo Dang Bui Do Ho Ngo Duong Ly")
VI_GIVEN = _words("Lan Minh Anh Huong Thu Duc Khanh Linh Tuan Hoa Phuong Quang Mai Hung Trang")
PH_FIRST = _words(
    "Jose Maria Mark Angelica Jericho Rowena Rodel Marites Joel Liza Arnel Jennelyn Rommel Maricel Jun Cherry "
    "Ronaldo Analyn"
)
PH_LAST = (
    "Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Garcia", "Mendoza", "Dela Cruz", "Villanueva", "Aquino",
    "Ramos", "Castillo", "Soriano",
)

CLIENTS_US = ("Harborline Bank", "Summit Wireless", "Pinecrest Auto Finance", "Lumen Pay Later", "Cascade Energy")
CLIENTS_CA = ("Maple Trust", "Summit Wireless")

# Diminutives customers use, beyond what `nicknames` knows (Spanish, French, and common English picks).
DIMINUTIVES: dict[str, tuple[str, ...]] = {
    "francisco": ("Paco", "Pancho"),
    "josé": ("Pepe",),
    "jose": ("Pepe",),
    "guadalupe": ("Lupita", "Lupe"),
    "jesús": ("Chuy",),
    "roberto": ("Beto",),
    "eduardo": ("Lalo",),
    "alejandro": ("Alex",),
    "alejandra": ("Ale",),
    "verónica": ("Vero",),
    "gabriela": ("Gaby",),
    "fernando": ("Fer",),
    "ricardo": ("Richie",),
    "juan": ("Juanito",),
    "maría": ("Mari",),
    "maria": ("Mari",),
    "paola": ("Pao",),
    "claudia": ("Clau",),
    "ernesto": ("Neto",),
    "mariana": ("Mari",),
    "rodrigo": ("Rodri",),
    "jean-françois": ("JF",),
    "mathieu": ("Math",),
    "geneviève": ("Gen",),
    "sébastien": ("Seb",),
    "maxime": ("Max",),
    "isabelle": ("Isa",),
    "nathalie": ("Nat",),
    "robert": ("Bob", "Bobby", "Rob"),
    "william": ("Bill", "Billy"),
    "jennifer": ("Jen", "Jenny"),
    "elizabeth": ("Liz", "Beth"),
    "michael": ("Mike",),
    "christopher": ("Chris",),
    "katherine": ("Kate", "Katie"),
    "daniel": ("Dan", "Danny"),
    "anthony": ("Tony",),
    "patricia": ("Patty", "Trish"),
    "samantha": ("Sam",),
    "jessica": ("Jess",),
    "amanda": ("Mandy",),
    "kenneth": ("Ken",),
    "leonardo": ("Leo",),
    "nicole": ("Nikki",),
    "antonio": ("Toño", "Tony"),
    "manuel": ("Manny",),
    "richard": ("Rick",),
    "james": ("Jim",),
    "joseph": ("Joe",),
}

# Common misspellings customers make of a name; other names get a generic slip.
TYPOS = {
    "Jennifer": "Jenifer",
    "Michael": "Micheal",
    "Lily": "Lilly",
    "Guadalupe": "Guadelupe",
    "Isabelle": "Isabel",
    "Katherine": "Kathrine",
    "DeShawn": "Deshaun",
    "Tiffany": "Tiffani",
    "Brittany": "Britney",
    "Priya": "Pria",
    "Kristine": "Kristin",
    "Verónica": "Veronika",
    "Mathieu": "Matthieu",
    "Amélie": "Amelia",
    "Charmaine": "Charmain",
    "Elizabeth": "Elisabeth",
}

# Accents customers add to names spelled without them on the roster.
EXTRA_ACCENTS = {
    "Maria": "María",
    "Jose": "José",
    "Ramon": "Ramón",
    "Angelica": "Angélica",
    "Jerome": "Jérôme",
    "Juan Perez": "Juan Pérez",
    "Nicole": "Nicolé",
    "Angel": "Ángel",
}

# Agent names that are ordinary words, and sentences using the word as a word (no agent meant).
WORD_DECOYS = {
    "Will": ("Will definitely recommend to anyone dealing with debt.", "Will use them again if I ever need to."),
    "Hope": ("Hope this helps someone who is scared to call.", "I had lost all hope until I reached out."),
    "Grace": ("By the grace of God this account is finally paid off.",),
    "Joy": ("What a joy to finally be debt free!",),
    "Sunny": ("Finally feel like it's a sunny day after months of stress.",),
    "Angel": ("Whoever answered the chat was an angel.",),
    "Lovely": ("Lovely service, very quick.",),
    "Jordan": ("I was on vacation in Jordan when they texted me and I could still pay from my phone.",),
    "Destiny": ("Took my destiny into my own hands and called them.",),
}


def strip_accents(text: str) -> str:
    """`Amélie` -> `Amelie`: what a phone keyboard without accents gives."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def has_accents(text: str) -> bool:
    """Whether `text` carries any accent."""
    return strip_accents(text) != text


def typo(name: str) -> str:
    """A plausible misspelling: a known one, else a dropped double letter, else a doubled consonant."""
    if name in TYPOS:
        return TYPOS[name]
    for i in range(1, len(name)):
        if name[i] == name[i - 1] and name[i].isalpha():
            return name[:i] + name[i + 1 :]
    for i in range(len(name) - 1, 0, -1):
        if name[i].lower() in "lnrst" and name[i - 1].lower() in "aeiou":
            return name[: i + 1] + name[i] + name[i + 1 :]
    return name + "e"


@lru_cache(maxsize=512)
def diminutives(given: str) -> tuple[str, ...]:
    """Diminutives of a given name: our table first, else the `nicknames` package (same initial letter)."""
    key = given.lower()
    if key in DIMINUTIVES:
        return DIMINUTIVES[key]
    from nicknames import NickNamer

    found = sorted(n for n in NickNamer().nicknames_of(strip_accents(key)) if n[:1] == key[:1] and len(n) >= 3)
    return tuple(n.capitalize() for n in found[:2])
