// Places a policy text names: China's municipalities, provincial capitals and the larger
// prefecture-level cities (short names, as texts write them: 杭州, 南京, 苏州), and districts of
// the cities the library covers. Compact on purpose: a name not here is still found when it ends
// in 市/区/县 and is written out in full; the document's own place is the default.

/** Cities by short name (without 市). */
export const CITIES: readonly string[] = [
  '北京', '上海', '天津', '重庆',
  '石家庄', '太原', '呼和浩特', '沈阳', '长春', '哈尔滨', '南京', '杭州', '合肥', '福州', '南昌', '济南', '郑州', '武汉', '长沙', '广州', '南宁', '海口', '成都', '贵阳', '昆明', '拉萨', '西安', '兰州', '西宁', '银川', '乌鲁木齐',
  '深圳', '苏州', '无锡', '常州', '南通', '扬州', '徐州', '镇江', '泰州', '盐城', '淮安', '连云港', '宿迁',
  '宁波', '温州', '嘉兴', '湖州', '绍兴', '金华', '衢州', '舟山', '台州', '丽水',
  '青岛', '烟台', '潍坊', '大连', '厦门', '泉州', '东莞', '佛山', '珠海', '中山', '惠州', '芜湖', '洛阳', '宜昌', '襄阳', '株洲', '常德', '绵阳', '唐山', '保定', '包头', '鄂尔多斯', '榆林',
];

/** Districts and county-level cities by full name, with their city. */
export const DISTRICTS: Readonly<Record<string, string>> = {
  上城区: '杭州', 拱墅区: '杭州', 西湖区: '杭州', 滨江区: '杭州', 萧山区: '杭州', 余杭区: '杭州', 临平区: '杭州', 钱塘区: '杭州', 富阳区: '杭州', 临安区: '杭州', 桐庐县: '杭州', 淳安县: '杭州', 建德市: '杭州',
  玄武区: '南京', 秦淮区: '南京', 建邺区: '南京', 鼓楼区: '南京', 浦口区: '南京', 栖霞区: '南京', 雨花台区: '南京', 江宁区: '南京', 六合区: '南京', 溧水区: '南京', 高淳区: '南京', 江北新区: '南京',
  姑苏区: '苏州', 虎丘区: '苏州', 吴中区: '苏州', 相城区: '苏州', 吴江区: '苏州', 苏州工业园区: '苏州', 昆山市: '苏州', 常熟市: '苏州', 张家港市: '苏州', 太仓市: '苏州',
  浦东新区: '上海', 徐汇区: '上海', 闵行区: '上海', 嘉定区: '上海', 松江区: '上海', 临港新片区: '上海',
  海淀区: '北京', 朝阳区: '北京', 昌平区: '北京', 大兴区: '北京', 亦庄: '北京',
  南山区: '深圳', 福田区: '深圳', 宝安区: '深圳', 龙岗区: '深圳',
};

/** Provinces, so that 浙江 is not mistaken for a city and 江苏省 is known as a place. */
export const PROVINCES: readonly string[] = ['河北', '山西', '内蒙古', '辽宁', '吉林', '黑龙江', '江苏', '浙江', '安徽', '福建', '江西', '山东', '河南', '湖北', '湖南', '广东', '广西', '海南', '四川', '贵州', '云南', '西藏', '陕西', '甘肃', '青海', '宁夏', '新疆'];

/** The places named in `text`, in order of appearance: `{ city, district }` per mention. */
export function placesIn(text: string): { at: number; city: string | null; district: string | null }[] {
  const out: { at: number; city: string | null; district: string | null }[] = [];
  for (const [district, city] of Object.entries(DISTRICTS)) {
    for (let at = text.indexOf(district); at >= 0; at = text.indexOf(district, at + 1)) out.push({ at, city, district });
  }
  for (const city of CITIES) {
    for (let at = text.indexOf(city); at >= 0; at = text.indexOf(city, at + 1)) {
      // 南京 inside 南京市, fine; a district already covering this spot wins.
      if (out.some((p) => p.district !== null && at >= p.at && at < p.at + p.district.length)) continue;
      out.push({ at, city, district: null });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

/** The document's own place: the city its title and text name most often. */
export function documentPlace(title: string, paragraphs: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const p of [...placesIn(title), ...placesIn(paragraphs.join('\n'))]) if (p.city) counts.set(p.city, (counts.get(p.city) ?? 0) + 1);
  let best: string | null = null;
  for (const [city, n] of counts) if (best === null || n > counts.get(best)!) best = city;
  return best;
}
