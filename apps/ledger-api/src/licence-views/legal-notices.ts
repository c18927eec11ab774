/**
 * The three notices shown with every balance (RULES §8, L225-4 to L225-8), in our own words.
 * They are shown to the holder in French, the language of the service.
 */
export const LEGAL_NOTICES: readonly string[] = [
  "Ce solde est personnel : seul le titulaire du permis peut en prendre connaissance. Un employeur, un assureur ou toute autre personne qui se le ferait communiquer commettrait un délit puni de 7 500 € d'amende (articles L225-4 à L225-8 du code de la route).",
  "Le solde affiché est celui enregistré à cet instant. Il ne tient pas compte des infractions qui n'ont pas encore été enregistrées, et peut donc évoluer.",
  "Ce solde ne dit rien d'une éventuelle suspension, annulation judiciaire ou restriction du droit de conduire décidée par le préfet ou un juge.",
];
