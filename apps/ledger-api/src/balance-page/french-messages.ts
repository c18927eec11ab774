/**
 * What the holder's page says, in French, for each code the API can answer (issue 15): the
 * domain's refusals, the authentication layer's, the limits, GraphQL's own and the transport's.
 * The API keeps its clerk-facing (often English) messages; a citizen reads these. Codes a holder's
 * request cannot normally meet (staff mutations) still get a sentence, so that nothing shown is in
 * English; a test checks that every code in the sources has one.
 */
const SERVICE_FAULT =
  "Le service a rencontré un problème et n'a pas pu répondre. Réessayez dans quelques minutes.";
const NOT_FOR_HOLDERS =
  "Cette opération est réservée aux agents du service ; elle n'est pas disponible depuis cette page.";

export const FRENCH_MESSAGES: Readonly<Record<string, string>> = {
  // The holder's own requests.
  'BALANCE.NOT_AVAILABLE':
    "Aucun solde ne peut être affiché pour ce numéro avec l'identité FranceConnect utilisée. Vérifiez le numéro inscrit sur votre permis (rubrique 5).",
  'LICENCE.NUMBERS_DIFFER':
    'Les deux numéros saisis ne sont pas identiques. Saisissez le même numéro de permis dans les deux champs.',
  'LICENCE.MALFORMED_NUMBER':
    "Ce numéro n'a pas la forme d'un numéro de permis : 12 chiffres (par exemple 150375100001) ou, sur un permis plus ancien, trois groupes séparés par des espaces (par exemple 98AB12 69 03).",
  'LETTER.NOT_AVAILABLE': "Ce courrier n'est pas disponible. Rechargez la page et réessayez.",
  'RECORD.NOT_AVAILABLE':
    "Le relevé intégral n'est pas disponible pour ce numéro avec l'identité FranceConnect utilisée.",
  UNAUTHENTICATED: 'Votre session a expiré ou vous n’êtes pas connecté. Identifiez-vous de nouveau avec FranceConnect.',
  FORBIDDEN: "Vous n'avez pas accès à cette information.",
  RATE_LIMITED: 'Trop de demandes en peu de temps. Patientez une minute, puis réessayez.',
  PAYLOAD_TOO_LARGE: 'La demande est trop volumineuse. Vérifiez les numéros saisis.',
  BAD_USER_INPUT: 'Une information saisie est invalide. Vérifiez les numéros saisis.',
  'INPUT.INVALID': 'Une information saisie est invalide. Vérifiez les numéros saisis.',
  // GraphQL's own refusals: the page's query is fixed, so these mean a fault of the page or service.
  GRAPHQL_PARSE_FAILED: SERVICE_FAULT,
  GRAPHQL_VALIDATION_FAILED: SERVICE_FAULT,
  BAD_REQUEST: SERVICE_FAULT,
  OPERATION_RESOLUTION_FAILURE: SERVICE_FAULT,
  PERSISTED_QUERY_NOT_FOUND: SERVICE_FAULT,
  PERSISTED_QUERY_NOT_SUPPORTED: SERVICE_FAULT,
  INTERNAL_SERVER_ERROR: SERVICE_FAULT,
  NETWORK: "Le service ne répond pas. Vérifiez votre connexion à Internet, puis réessayez.",
  // The service's faults.
  'EVENT_STORE.UNAVAILABLE': 'Le registre est momentanément indisponible. Réessayez dans quelques minutes.',
  'EVENT_STORE.UPCAST_FAILED': SERVICE_FAULT,
  'EVENT_STORE.CONCURRENCY': SERVICE_FAULT,
  'EVENT_STORE.DUPLICATE_EVENT_ID': SERVICE_FAULT,
  'EVENT_STORE.INVALID_EVENT': SERVICE_FAULT,
  'EVENT_STORE.INVALID_POSITION': SERVICE_FAULT,
  'LICENCE.CONCURRENT_UPDATE': 'Votre dossier est en cours de mise à jour. Réessayez dans un instant.',
  'READ_MODEL.LAGGING': NOT_FOR_HOLDERS,
  'SHARED_STATE.UNAVAILABLE': 'Le service est momentanément indisponible. Réessayez dans quelques instants.',
  'LETTER.MALFORMED_RECORD': SERVICE_FAULT,
  'LETTER.UNKNOWN_TEMPLATE_VERSION': SERVICE_FAULT,
  // Staff operations (never sent by this page): named, in French, all the same.
  'LICENCE.NOT_FOUND': NOT_FOR_HOLDERS,
  'LICENCE.ALREADY_ISSUED': NOT_FOR_HOLDERS,
  'LICENCE.INVALIDATED': NOT_FOR_HOLDERS,
  'LICENCE.INVALID_OPENING_BALANCE': NOT_FOR_HOLDERS,
  'LICENCE.EARLY_LEARNING_NOT_PROBATIONARY': NOT_FOR_HOLDERS,
  'LICENCE.NEW_LICENCE_TOO_EARLY': NOT_FOR_HOLDERS,
  'LICENCE.NOT_HANDED_IN': NOT_FOR_HOLDERS,
  'LICENCE.PREVIOUS_IS_SAME_NUMBER': NOT_FOR_HOLDERS,
  'LICENCE.PREVIOUS_NOT_FOUND': NOT_FOR_HOLDERS,
  'LICENCE.PREVIOUS_NOT_INVALIDATED': NOT_FOR_HOLDERS,
  'LICENCE.REISSUE_NOT_PROBATIONARY': NOT_FOR_HOLDERS,
  'DATE.IN_FUTURE': NOT_FOR_HOLDERS,
  'DATE.MALFORMED': NOT_FOR_HOLDERS,
  'DATE.BEFORE_ISSUE': NOT_FOR_HOLDERS,
  'INFRACTION.UNDER_THRESHOLD': NOT_FOR_HOLDERS,
  'INFRACTION.MISSING_MEASURE': NOT_FOR_HOLDERS,
  'INFRACTION.UNEXPECTED_MEASURE': NOT_FOR_HOLDERS,
  'INFRACTION.UNKNOWN_OFFENCE': NOT_FOR_HOLDERS,
  'INFRACTION.NOT_FOUND': NOT_FOR_HOLDERS,
  'INFRACTION.ALREADY_ESTABLISHED': NOT_FOR_HOLDERS,
  'INFRACTION.ID_REUSED': NOT_FOR_HOLDERS,
  'INFRACTION.ESTABLISHED_BEFORE_COMMITTED': NOT_FOR_HOLDERS,
  'INFRACTION.CANCELLED': NOT_FOR_HOLDERS,
  'INFRACTION.CANCELLED_BEFORE_COMMITTED': NOT_FOR_HOLDERS,
  'INVALIDATION.NOT_PENDING': NOT_FOR_HOLDERS,
  'INVALIDATION.ALREADY_DELIVERED': NOT_FOR_HOLDERS,
  'SURRENDER.NOT_INVALIDATED': NOT_FOR_HOLDERS,
  'SURRENDER.BEFORE_INVALIDATION': NOT_FOR_HOLDERS,
  'SURRENDER.ALREADY_RECORDED': NOT_FOR_HOLDERS,
  'COURSE.ID_REUSED': NOT_FOR_HOLDERS,
  'COURSE.DAYS_NOT_CONSECUTIVE': NOT_FOR_HOLDERS,
  'COMPLEMENTARY_TRAINING.OUTSIDE_WINDOW': NOT_FOR_HOLDERS,
  'COMPLEMENTARY_TRAINING.NOT_PROBATIONARY': NOT_FOR_HOLDERS,
  'COMPLEMENTARY_TRAINING.ALREADY_RECORDED': NOT_FOR_HOLDERS,
  'COMPLEMENTARY_TRAINING.NOT_FIRST_LICENCE': NOT_FOR_HOLDERS,
  'COMMAND.ID_REUSED': NOT_FOR_HOLDERS,
  'LETTER.NOT_FOUND': NOT_FOR_HOLDERS,
  'LETTER.TOO_MANY': NOT_FOR_HOLDERS,
  'LETTER.DUPLICATE_IDS': NOT_FOR_HOLDERS,
  'LETTER.POSTED_BEFORE_ISSUE': NOT_FOR_HOLDERS,
};

/** The sentence for a code; an unknown one reads as a fault of the service, never as English. */
export function frenchMessage(code: string | undefined): string {
  return (code !== undefined ? FRENCH_MESSAGES[code] : undefined) ?? SERVICE_FAULT;
}
