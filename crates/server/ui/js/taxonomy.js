// The vocabularies the API speaks, with the labels and colours the UI shows
// them in. Event types mirror crates/model/src/taxonomy.rs; risk levels and
// categories mirror crates/risk and crates/model/src/category.rs.

export const LEVELS = [
  { number: 1, name: 'Negligible', colour: '#5aa469', ink: '#ffffff' },
  { number: 2, name: 'Low', colour: '#a3c85a', ink: '#17240a' },
  { number: 3, name: 'Medium', colour: '#f2c230', ink: '#2b2100' },
  { number: 4, name: 'High', colour: '#ea7a2c', ink: '#ffffff' },
  { number: 5, name: 'Extreme', colour: '#c42638', ink: '#ffffff' },
];

export function level(number) {
  return LEVELS[Math.min(Math.max(Number(number) || 1, 1), 5) - 1];
}

export const CATEGORIES = [
  { id: 'terrorism', label: 'Terrorism', short: 'TER', colour: '#a4168f' },
  { id: 'armed_conflict', label: 'Armed conflict', short: 'ARM', colour: '#c81e1e' },
  { id: 'civil_unrest', label: 'Civil unrest', short: 'UNR', colour: '#e27100' },
  { id: 'crime', label: 'Crime', short: 'CRM', colour: '#5b3f8c' },
  { id: 'kidnap', label: 'Kidnap', short: 'KID', colour: '#0069a8' },
  { id: 'political', label: 'Political', short: 'POL', colour: '#23877b' },
];

export function category(id) {
  return CATEGORIES.find((c) => c.id === id) || { id, label: id, short: id, colour: '#6b7480' };
}

export const EVENT_TYPES = [
  { label: 'Battles', sub: ['Armed clash', 'Government regains territory', 'Non-state actor overtakes territory'] },
  {
    label: 'Explosions/Remote violence',
    sub: ['Chemical weapon', 'Air/drone strike', 'Suicide bomb', 'Shelling/artillery/missile attack',
      'Remote explosive/landmine/IED', 'Grenade'],
  },
  { label: 'Violence against civilians', sub: ['Sexual violence', 'Attack', 'Abduction/forced disappearance'] },
  { label: 'Protests', sub: ['Peaceful protest', 'Protest with intervention', 'Excessive force against protesters'] },
  { label: 'Riots', sub: ['Violent demonstration', 'Mob violence'] },
  {
    label: 'Strategic developments',
    sub: ['Agreement', 'Arrests', 'Change to group/activity', 'Disrupted weapons use',
      'Headquarters or base established', 'Looting/property destruction', 'Non-violent transfer of territory', 'Other'],
  },
];

export const STATUSES = ['occurred', 'foiled', 'threatened'];
