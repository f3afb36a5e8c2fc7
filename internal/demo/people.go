package demo

import "github.com/tactcrm/tact/internal/tact"

// The name lists follow the registers of births and the phone books of each
// place: French given names across three generations, Québec's compound names
// (Marie-Ève, Jean-François) and its family names, which a few hundred
// settlers' lines made common (Tremblay, Gagnon, Côté), and the English and
// immigrant names of Montréal. Accents are part of the test: search must find
// "Hélène Lefèvre" when typed "helene lefevre".

var frWomen = []string{
	"Hélène", "Élodie", "Chloé", "Léa", "Manon", "Camille", "Inès", "Zoé", "Anaïs", "Océane",
	"Mélanie", "Clémence", "Aurélie", "Séverine", "Gaëlle", "Noémie", "Maëlle", "Françoise", "Geneviève", "Josiane",
	"Marie", "Sophie", "Nathalie", "Isabelle", "Sandrine", "Valérie", "Céline", "Émilie", "Margaux", "Agnès",
	"Bérénice", "Solène", "Héloïse", "Jeanne", "Louise", "Juliette", "Adèle", "Mireille", "Monique", "Brigitte",
	"Christine", "Sylvie", "Catherine", "Martine", "Pauline", "Lucie", "Sarah", "Yasmine", "Fatou", "Amélie",
}

var frMen = []string{
	"François", "Jérôme", "Frédéric", "Stéphane", "Sébastien", "Gérard", "Hervé", "Rémi", "Loïc", "Gaël",
	"Noël", "Benoît", "Théo", "Mathéo", "Raphaël", "Jérémy", "Cédric", "Grégoire", "Joël", "André",
	"René", "Aurélien", "Thierry", "Pascal", "Nicolas", "Julien", "Antoine", "Hugo", "Lucas", "Maxime",
	"Kévin", "Yannick", "Mickaël", "Élie", "Léo", "Gabriel", "Arthur", "Louis", "Jean-Pierre", "Jean-Luc",
	"Philippe", "Michel", "Alain", "Bernard", "Patrick", "Olivier", "Karim", "Mehdi", "Moussa", "Thomas",
}

// Given names that do not tell a gender: their bearers are greeted without a title.
var epicene = []string{"Camille", "Dominique", "Claude", "Sacha", "Alix", "Maxence", "Morgan", "Charlie"}

var frFamilies = []string{
	"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
	"Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
	"Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand",
	"Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin",
	"Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson",
	"Sanchez", "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier", "Roger",
	"Roche", "Noël", "Meyer", "Meunier", "Perez", "Marchand", "Dufour", "Blanchard", "Barbier", "Brun",
	"Dumas", "Brunet", "Schmitt", "Leroux", "Colin", "Fernandez", "Renard", "Arnaud", "Rolland", "Caron",
	"Aubert", "Giraud", "Leclerc", "Vidal", "Bourgeois", "Renaud", "Lemoine", "Picard", "Gaillard", "Lacroix",
	"Fabre", "Dupuis", "Da Silva", "Hubert", "Rivière", "Le Gall", "Guillaume", "Moulin", "Berger", "Lecomte",
	"Ménard", "Fleury", "Deschamps", "Carpentier", "Maillard", "Aubry", "Prévost", "Poirier", "Charpentier", "Huet",
	"Carré", "Breton", "Rémy", "Schneider", "Bénard", "Lebrun", "Hébert", "Bouvier", "Le Goff", "Kerbrat",
	"Benali", "Haddad", "Diallo", "Traoré", "Kaya", "Ferreira", "Pereira", "Cohen", "Mbappé", "Lefebvre-Côté",
}

var qcWomen = []string{
	"Marie-Ève", "Marie-Claude", "Marie-Josée", "Anne-Marie", "Geneviève", "Isabelle", "Mélanie", "Véronique", "Josée", "Chantal",
	"Nathalie", "Julie", "Karine", "Émilie", "Audrey", "Rosalie", "Florence", "Léa", "Béatrice", "Maude",
	"Catherine", "Ginette", "Lise", "Francine", "Jocelyne", "Sylvie", "Noémie", "Laurence", "Frédérique", "Gabrielle",
	"Annie", "Mylène", "Stéphanie", "Valérie", "Éloïse", "Jade", "Alice", "Olivia", "Thérèse", "Huguette",
}

var qcMen = []string{
	"Jean-François", "Marc-André", "Pierre-Luc", "Jean-Philippe", "Étienne", "Félix", "Gabriel", "Samuel", "William", "Olivier",
	"Alexandre", "Sébastien", "Mathieu", "Maxime", "Simon", "Louis-Philippe", "Réjean", "Gaétan", "Ghislain", "Normand",
	"Yvon", "Benoît", "Michel", "Denis", "Sylvain", "Luc", "Éric", "Martin", "François", "Guillaume",
	"Jérémie", "Raphaël", "Thomas", "Émile", "Léo", "Nathan", "Réal", "Gilles", "Marcel", "Jacques",
}

var qcFamilies = []string{
	"Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Gagné",
	"Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc", "Paquette", "Girard", "Simard", "Boucher",
	"Caron", "Beaulieu", "Cloutier", "Dubé", "Poirier", "Fournier", "Lapointe", "Leclerc", "Lefebvre", "Poulin",
	"Thibault", "St-Pierre", "Nadeau", "Martin", "Landry", "Martel", "Bédard", "Grenier", "Lessard", "Bernier",
	"Richard", "Michaud", "Hébert", "Desjardins", "Couture", "Turcotte", "Lachance", "Parent", "Blais", "Gosselin",
	"Savard", "Proulx", "Beaudoin", "Demers", "Perreault", "Boudreau", "Lemieux", "Cyr", "Perron", "Dufour",
	"Dion", "Mercier", "Bolduc", "Bérubé", "Boisvert", "Langlois", "Ménard", "Thériault", "Lacroix", "Vallée",
	"Fréchette", "Brassard", "Charbonneau", "Champagne", "Rioux", "Lafleur", "Deschênes", "Allard", "Gingras", "Duchesne",
	"Joseph", "Pierre-Louis", "Jean-Baptiste", "Nguyen", "Tran", "Rossi", "Ricci", "Haddad", "Benoit", "Bouchard-Côté",
}

var enWomen = []string{"Sarah", "Jennifer", "Emily", "Jessica", "Olivia", "Emma", "Rachel", "Megan", "Kathleen", "Heather", "Amanda", "Laura"}
var enMen = []string{"James", "Michael", "David", "Matthew", "Ryan", "Liam", "Daniel", "Sean", "Patrick", "Andrew", "Kevin", "Brian"}
var enFamilies = []string{
	"Smith", "Johnson", "Brown", "Wilson", "Campbell", "MacDonald", "Stewart", "Murphy", "O'Brien", "Kelly",
	"Anderson", "Thompson", "Fraser", "Ross", "Reid", "Morrison", "Cohen", "Friedman", "Patel", "Wong", "Chen", "Greenberg",
}

// frCity is a French town with its postal codes (Paris, Lyon and Marseille
// have one per arrondissement: codes first..last).
type frCity struct {
	name        string
	first, last int
	weight      int
}

var frCities = []frCity{
	{"Paris", 75001, 75020, 30}, {"Marseille", 13001, 13016, 12}, {"Lyon", 69001, 69009, 10}, {"Toulouse", 31000, 31000, 7},
	{"Nice", 6000, 6000, 5}, {"Nantes", 44000, 44000, 5}, {"Montpellier", 34000, 34000, 5}, {"Strasbourg", 67000, 67000, 5},
	{"Bordeaux", 33000, 33000, 5}, {"Lille", 59000, 59000, 5}, {"Rennes", 35000, 35000, 4}, {"Reims", 51100, 51100, 3},
	{"Saint-Étienne", 42000, 42000, 3}, {"Le Havre", 76600, 76600, 3}, {"Toulon", 83000, 83000, 3}, {"Grenoble", 38000, 38000, 3},
	{"Dijon", 21000, 21000, 3}, {"Angers", 49000, 49000, 3}, {"Nîmes", 30000, 30000, 3}, {"Villeurbanne", 69100, 69100, 3},
	{"Clermont-Ferrand", 63000, 63000, 3}, {"Aix-en-Provence", 13090, 13090, 3}, {"Brest", 29200, 29200, 2}, {"Tours", 37000, 37000, 2},
	{"Amiens", 80000, 80000, 2}, {"Limoges", 87000, 87000, 2}, {"Annecy", 74000, 74000, 2}, {"Perpignan", 66000, 66000, 2},
	{"Besançon", 25000, 25000, 2}, {"Metz", 57000, 57000, 2}, {"Orléans", 45000, 45000, 2}, {"Rouen", 76000, 76000, 2},
	{"Mulhouse", 68100, 68100, 2}, {"Caen", 14000, 14000, 2}, {"Nancy", 54000, 54000, 2}, {"Saint-Denis", 93200, 93200, 2},
	{"Montreuil", 93100, 93100, 2}, {"Roubaix", 59100, 59100, 2}, {"Avignon", 84000, 84000, 2}, {"Poitiers", 86000, 86000, 2},
	{"Pau", 64000, 64000, 1}, {"La Rochelle", 17000, 17000, 1}, {"Ajaccio", 20000, 20000, 1}, {"Quimper", 29000, 29000, 1},
	{"Lorient", 56100, 56100, 1}, {"Colmar", 68000, 68000, 1}, {"Bayonne", 64100, 64100, 1}, {"Chambéry", 73000, 73000, 1},
}

// frStreetKinds and frStreets make "12 rue Victor-Hugo": every combination
// fits the 38 characters of an address line (NF Z10-011).
var frStreetKinds = []string{"rue", "rue", "rue", "avenue", "boulevard", "place", "impasse", "allée", "chemin", "quai", "cours"}

var frStreets = []string{
	"de la République", "Victor-Hugo", "Jean-Jaurès", "de la Paix", "des Lilas", "du Général-de-Gaulle", "Pasteur",
	"Gambetta", "de la Gare", "des Écoles", "Émile-Zola", "Voltaire", "du Moulin", "de l'Église", "Saint-Michel",
	"des Acacias", "Jules-Ferry", "de Verdun", "Carnot", "Anatole-France", "des Tilleuls", "du Château", "Lamartine",
	"de la Liberté", "Paul-Bert", "des Peupliers", "du Maréchal-Foch", "Aristide-Briand", "de Bretagne", "des Roses",
	"Marcel-Pagnol", "Louis-Pergaud", "du Port", "Sadi-Carnot", "de Strasbourg", "Georges-Clemenceau", "de la Fontaine",
}

var frSecondLines = []string{"Bâtiment A", "Bâtiment B", "Résidence Les Tilleuls", "Résidence du Parc", "Escalier C", "Résidence Le Clos Fleuri"}

// qcCity is a Québec municipality with its forward sortation areas, the area
// codes of its phone numbers and its time zone: Îles-de-la-Madeleine keep
// Atlantic time, Blanc-Sablon keeps Atlantic standard time all year.
type qcCity struct {
	name   string
	fsas   []string
	areas  []string
	zone   string
	weight int
}

var qcCities = []qcCity{
	{"Montréal", []string{"H1A", "H1V", "H2G", "H2J", "H2L", "H2T", "H2X", "H3H", "H3N", "H3S", "H4A", "H4C", "H8N", "H9R"}, []string{"514", "438"}, "America/Toronto", 40},
	{"Laval", []string{"H7A", "H7G", "H7N", "H7T"}, []string{"450"}, "America/Toronto", 8},
	{"Longueuil", []string{"J4H", "J4K", "J4M"}, []string{"450"}, "America/Toronto", 6},
	{"Terrebonne", []string{"J6W", "J6X"}, []string{"450"}, "America/Toronto", 3},
	{"Saint-Jérôme", []string{"J7Y", "J7Z"}, []string{"450"}, "America/Toronto", 2},
	{"Granby", []string{"J2G", "J2H"}, []string{"450"}, "America/Toronto", 2},
	{"Saint-Hyacinthe", []string{"J2S", "J2T"}, []string{"450"}, "America/Toronto", 2},
	{"Québec", []string{"G1K", "G1R", "G1S", "G1V", "G2B", "G2J"}, []string{"418", "581"}, "America/Toronto", 16},
	{"Lévis", []string{"G6V", "G6W", "G7A"}, []string{"418", "581"}, "America/Toronto", 3},
	{"Saguenay", []string{"G7H", "G7J", "G7X"}, []string{"418", "581"}, "America/Toronto", 3},
	{"Rimouski", []string{"G5L", "G5M"}, []string{"418"}, "America/Toronto", 1},
	{"Gaspé", []string{"G4X"}, []string{"418"}, "America/Toronto", 1},
	{"Cap-aux-Meules", []string{"G4T"}, []string{"418"}, "America/Halifax", 1},
	{"Blanc-Sablon", []string{"G0G"}, []string{"418"}, "America/Blanc-Sablon", 1},
	{"Gatineau", []string{"J8P", "J8T", "J8Y", "J9H"}, []string{"819"}, "America/Toronto", 5},
	{"Sherbrooke", []string{"J1E", "J1H", "J1J", "J1L"}, []string{"819"}, "America/Toronto", 4},
	{"Trois-Rivières", []string{"G8T", "G8Y", "G9A"}, []string{"819"}, "America/Toronto", 3},
	{"Drummondville", []string{"J2B", "J2C"}, []string{"819"}, "America/Toronto", 2},
	{"Rouyn-Noranda", []string{"J9X", "J9Y"}, []string{"819"}, "America/Toronto", 1},
}

// qcStreets are written the Québec way: "4521, rue Saint-Denis".
var qcStreets = []string{
	"rue Saint-Denis", "rue Sainte-Catherine Est", "boulevard Saint-Laurent", "avenue du Parc", "rue Sherbrooke Ouest",
	"chemin de la Côte-des-Neiges", "rue Beaubien Est", "avenue Papineau", "rue Ontario Est", "boulevard René-Lévesque",
	"avenue Cartier", "chemin Sainte-Foy", "rue de la Couronne", "boulevard Laurier", "rue Principale", "rang Saint-Joseph",
	"rue Notre-Dame", "rue Saint-Jean", "boulevard des Laurentides", "avenue des Érables", "rue Champlain", "rue de l'Église",
	"chemin du Lac", "rue Wellington Nord", "rue King Ouest", "rue des Forges", "boulevard Talbot", "rue Racine Est",
	"montée Sainte-Julie", "boulevard Taschereau", "rue Fleury Est", "avenue du Mont-Royal Est",
}

// Canada Post never uses D, F, I, O, Q or U in a postal code.
const postalLetters = "ABCEGHJKLMNPRSTVWXYZ"

// Mailboxes live under the .example top-level domain (RFC 2606): they read
// like the providers people use and can never receive a real message, should a
// demo ever be wired to a mail server.
var mailDomains = map[tact.Jurisdiction][]string{
	tact.FR:   {"orange.example", "free.example", "gmail.example", "laposte.example", "sfr.example", "wanadoo.example", "hotmail.example", "yahoo.example", "icloud.example"},
	tact.CAQC: {"videotron.example", "gmail.example", "hotmail.example", "outlook.example", "bell.example", "sympatico.example", "yahoo.example", "icloud.example"},
}
