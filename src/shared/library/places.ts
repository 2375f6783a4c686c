/**
 * The places the source articles name and the library may refer to: cities (and one country, for a
 * research finding quoted from Germany), each with the districts (区、县级市、开发区、新区) that
 * items may name. Order is the display order of facet chips.
 */
export interface KnownPlace {
  readonly name: string;
  readonly kind: 'city' | 'country';
  /** Districts, county-level cities, development zones and new areas that items may name. */
  readonly districts: readonly string[];
}

export const knownPlaces: readonly KnownPlace[] = [
  {
    name: '杭州',
    kind: 'city',
    districts: ['上城区', '西湖区', '萧山区', '余杭区', '富阳区', '建德市', '杭州经济技术开发区'],
  },
  { name: '南京', kind: 'city', districts: ['江宁区', '江北新区', '浦口区'] },
  { name: '苏州', kind: 'city', districts: [] },
  { name: '上海', kind: 'city', districts: [] },
  { name: '北京', kind: 'city', districts: [] },
  { name: '深圳', kind: 'city', districts: [] },
  { name: '义乌', kind: 'city', districts: [] },
  { name: '德国', kind: 'country', districts: [] },
];

/** Every known city (or country) name, in display order. */
export const knownCities: readonly string[] = knownPlaces.map((p) => p.name);

/** True when `name` is a known city or country. */
export function isKnownCity(name: string): boolean {
  return knownPlaces.some((p) => p.name === name);
}

/** True when `district` is a known district of `city`. */
export function isKnownDistrict(city: string, district: string): boolean {
  return knownPlaces.some((p) => p.name === city && p.districts.includes(district));
}
