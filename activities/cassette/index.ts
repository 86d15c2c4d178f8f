// Recorded tests (`orc test`): the activities that answer from a cassette.
export {
  CASSETTE_ACTIVITIES,
  cassetteActivities,
  type CassetteActivity,
  type CassetteAnswer,
  type CassetteSource,
} from './cassette-activities.js';
