/** The offences the API accepts (offences.md); points and class come from the catalogue, never the clerk. */
export const OFFENCE_CODES = [
  'SPEEDING',
  'RED_LIGHT',
  'STOP_SIGN',
  'YIELD_SIGN',
  'PRIORITY',
  'PEDESTRIAN_PRIORITY',
  'PHONE_HELD',
  'SCREEN_IN_VIEW',
  'SEATBELT_DRIVER',
  'SAFETY_DISTANCE',
  'UNSAFE_OVERTAKING',
  'ACCELERATING_WHEN_OVERTAKEN',
  'CONTINUOUS_LINE_CROSSED',
  'CONTINUOUS_LINE_STRADDLED',
  'EMERGENCY_LANE_DRIVING',
  'LEFT_SIDE_DRIVING',
  'NO_DIRECTION_SIGNAL',
  'WRONG_WAY',
  'NO_LIGHTS_AT_NIGHT',
  'RADAR_DETECTOR',
  'ALCOHOL',
  'ALCOHOL_TEST_REFUSED',
  'DRUGS',
  'REFUSAL_TO_STOP',
  'DRIVING_WHILE_SUSPENDED',
  'INVOLUNTARY_INJURY',
] as const;

export type OffenceCode = (typeof OFFENCE_CODES)[number];

export const isOffenceCode = (value: unknown): value is OffenceCode =>
  typeof value === 'string' && (OFFENCE_CODES as readonly string[]).includes(value);

/** Contravention class 1–5, or a délit: decides the 2-or-3-year and the 10-year rules (RULES §4). */
export type OffenceClass = 1 | 2 | 3 | 4 | 5 | 'DELIT';

/** The measures some offences need: speeding its excess and limit, alcohol its level. */
export interface OffenceMeasures {
  retainedExcessKmh?: number;
  speedLimitKmh?: number;
  alcoholGramsPerLitreBlood?: number;
}

export interface OffenceAssessment {
  points: number;
  offenceClass: OffenceClass;
  /** The article of the Code de la route that defines it, e.g. "R413-14". */
  article: string;
}
