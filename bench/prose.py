"""The connective prose of the genre: headings and sentences that carry no facts.

These sentences deliberately contain no numbers, dates, unit names, places or 《》
titles, so every fact in a generated document is one the manifest lists.  ``{t}``
stands for the document's topic (山海协作, 数字经济, …).
"""

from __future__ import annotations

import random

SENTENCES: tuple[str, ...] = (
    "坚持问题导向和目标导向,统筹推进{t}各项工作",
    "进一步完善{t}工作推进机制,强化部门协同和上下联动",
    "聚焦重点领域和关键环节,着力破解{t}发展中的瓶颈制约",
    "鼓励社会资本参与{t}项目建设,形成多元投入格局",
    "加强政策集成和要素保障,推动{t}各项举措落地见效",
    "健全督查考核机制,将{t}工作纳入目标责任制考核",
    "积极探索可复制、可推广的经验做法,打造{t}的示范样板",
    "强化数字化改革牵引,提升{t}治理体系和治理能力现代化水平",
    "加大宣传推广力度,营造全社会关心支持{t}的良好氛围",
    "以项目为抓手,谋划储备一批带动性强的{t}重大项目",
    "优化资源配置,推动公共服务向基层延伸、向农村覆盖",
    "完善利益联结机制,带动低收入农户持续稳定增收",
    "发挥龙头企业示范引领作用,促进产业链上下游协同发展",
    "深化体制机制创新,破除制约高质量发展的体制性障碍",
    "建立健全常态化沟通协调机制,及时研究解决工作推进中的困难和问题",
    "坚持政府引导、市场运作,充分调动各方面积极性",
    "围绕提升传统产业、培育新兴产业的目标,推动{t}从单个项目合作拓展到产业集群合作",
    "按照“一园多点”的开发建设思路,科学编制{t}总体发展规划和建设计划",
    "组织引导企业家和社会组织参与{t},不断增强基层造血功能和自我发展能力",
    "强化市场要素配置,积极探索{t}新的体制机制,加强产业融合",
    "依托市场优势,多渠道帮助企业和农户拓展销售市场,有力拓宽群众增收渠道",
    "推动高校、科研院所开展产学研合作,在重点领域开展有实质性内容的交流对接活动",
)

GUIDING: tuple[str, ...] = (
    "以习近平新时代中国特色社会主义思想为指引,认真落实“八八战略”,坚持新发展理念",
    "坚持“生态优先、绿色发展,政府引导、市场运作,优势互补、合作共赢”的原则",
    "全面构建全方位、多层次、宽领域的{t}新格局,为高质量发展建设共同富裕示范区作出贡献",
    "着力于增强动力、提升层次、完善机制、强化服务,发挥各自优势,实现互利共赢、共同发展",
)

LEVEL1: dict[str, tuple[str, ...]] = {
    "guiding": ("指导思想", "总体要求"),
    "tasks": ("主要任务", "重点任务", "工作任务"),
    "goals": ("主要目标", "工作目标"),
    "safeguards": ("保障措施", "组织保障", "工作要求"),
}

LEVEL2: tuple[str, ...] = (
    "推进{t}项目合作", "建好{t}发展新平台", "强化{t}要素保障", "深化{t}改革创新",
    "完善{t}服务体系", "加快{t}基础设施建设", "促进{t}人才培养", "拓展{t}合作领域",
    "提升{t}数字化水平", "健全{t}工作机制", "促进群众增收和社会事业合作",
)

LEVEL3: tuple[str, ...] = (
    "建立健全{t}管理运营机制", "规范编制{t}发展规划", "高标准建设{t}示范区",
    "促进低收入群众增收致富", "加强人力资源合作", "开展社会事业合作", "帮助建立营销网络",
    "培育壮大市场主体", "加强重点项目谋划", "推动数据资源共享", "完善配套扶持政策",
)

LEVEL4: tuple[str, ...] = (
    "实施{t}专项行动", "开展试点示范", "完善配套政策", "加强监测评估", "强化要素支撑",
)

SAFEGUARDS: tuple[str, ...] = (
    "加强组织领导", "加强对接交流", "强化工作保障", "强化政策保障", "强化督查考核",
    "加强宣传引导",
)

# What units named as a sentence's subject must do: …等有关部门要{VERB}.
SUBJECT_VERBS: tuple[str, ...] = (
    "制定政策措施,形成推进{t}的工作合力",
    "加强协调配合,确保各项任务落到实处",
    "研究出台配套扶持政策,加大对{t}的支持力度",
    "按照职责分工,细化工作举措,抓好贯彻落实",
)

# Acts a deadline is attached to: {deadline}前完成…
ACTS: tuple[str, ...] = (
    "完成规划评审并报备案", "完成管委会的组建工作", "建成并投入使用",
    "完成下一年度合作重点领域和工作举措的研究", "出台实施细则", "完成年度帮扶资金拨付",
    "基本完成核心区配套设施建设", "完成项目签约落地",
)


def sentences(rng: random.Random, topic: str, count: int) -> str:
    """``count`` distinct filler sentences on ``topic``, joined with full stops."""
    picked = rng.sample(SENTENCES, k=count)
    return "".join(s.format(t=topic) + "。" for s in picked)


def pick(rng: random.Random, pool: tuple[str, ...], topic: str) -> str:
    """One template from ``pool`` filled with ``topic``."""
    return rng.choice(pool).format(t=topic)
