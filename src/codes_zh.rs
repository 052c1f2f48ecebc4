//! Every diagnostic code in Chinese, for `--lang zh`: a title and what to do. The match has no
//! catch-all, so a new code cannot be added without its Chinese.
use tepai_model::Code;

/// The Chinese title of a code and the general way to fix it.
pub fn title_and_fix(code: Code) -> (&'static str, &'static str) {
    match code {
        Code::FileNotFound => ("找不到文件", "检查文件名和路径是否正确、文件是否存在"),
        Code::NotUtf8 => (
            "文件编码无法识别",
            "在 Excel 中“另存为 CSV UTF-8（逗号分隔）”",
        ),
        Code::InvalidToml => ("场景文件格式有误", "对照 docs/scenario-format.md 修改该行"),
        Code::UnknownKey => ("场景文件中有未知的设置项", "检查拼写，或删除该项"),
        Code::MissingKey => ("场景文件缺少必填设置项", "补上该项"),
        Code::ExtendsCycle => ("extends 形成循环引用", "让 extends 链不再回到自身"),
        Code::MissingColumn => ("缺少必填列", "在表头中加上该列（中文或英文列名均可）"),
        Code::MalformedRow => ("该行无法读取", "检查该行的列数和引号"),
        Code::DuplicateColumn => ("列名重复", "删去重复的一列"),
        Code::FileTooLarge => ("文件过大", "拆分数据，或删去不需要的行"),
        Code::UnreadableWorkbook => ("工作簿无法读取", "用 Excel 另存为 .xlsx 格式，并去掉密码"),
        Code::MissingSheet => ("缺少工作表", "按模板（tepai template）补上该工作表"),
        Code::MergedCells => ("有合并单元格", "取消合并，每个单元格填一个值"),
        Code::UnnamedColumn => ("该列没有表头", "给该列加上表头，或删去该列的数据"),
        Code::FormulaCell => ("单元格是公式或错误值", "复制后“选择性粘贴为数值”"),
        Code::NumberForText => ("应填文字处填了数字", "将该列设为“文本”格式后重新输入"),
        Code::WorkbookAndTables => (
            "同时指定了工作簿和表格文件",
            "只保留 workbook，或只保留各表格文件",
        ),
        Code::DuplicateOfficerId => ("特派员编号重复", "每位特派员的编号必须唯一"),
        Code::DuplicateCourtId => ("法院编号重复", "每个法院的编号必须唯一"),
        Code::DuplicateUnitId => ("平台或商会编号重复", "每个平台、商会的编号必须唯一"),
        Code::DuplicateEnterpriseId => ("企业编号重复", "每家企业的编号必须唯一"),
        Code::AmbiguousPlaceId => (
            "同一编号用于两类对象",
            "法院、平台商会、企业的编号不能相同：改其中一个",
        ),
        Code::InvalidId => (
            "编号为空或含非法字符",
            "编号不能为空，不能含空格和 ; , / \\ \" : * ? < > | 等字符",
        ),
        Code::UnknownCourt => ("找不到该法院", "使用法院表中已有的编号"),
        Code::UnknownUnit => ("找不到该平台或商会", "使用平台商会表中已有的编号"),
        Code::UnknownOfficer => ("找不到该特派员", "使用特派员表中已有的编号"),
        Code::UnknownEnterprise => ("找不到该企业", "使用企业表中已有的编号"),
        Code::UnknownPreviousTarget => ("上年服务对象不存在", "填平台商会或企业的编号，或留空"),
        Code::UnknownPlace => ("路程表中有未知地点", "使用法院、平台商会或企业的编号"),
        Code::ConflictParty => (
            "利益冲突行须且只能填特派员或法院之一",
            "特派员和法院两列只填一列",
        ),
        Code::MissingCoordinates => ("缺少经纬度", "填写经度和纬度（如 118.17、26.64）"),
        Code::CoordinatesOutOfRange => (
            "经纬度超出范围",
            "纬度在 -90 到 90 之间，经度在 -180 到 180 之间",
        ),
        Code::UnknownUnitKind => ("类型无法识别", "填“工业平台”或“商会”"),
        Code::UnknownCategory => (
            "企业类别无法识别",
            "填上市、国企、外资、高新、绿色，多个用、分隔",
        ),
        Code::UnknownCourtLevel => ("法院级别无法识别", "填高级、中级、基层法院或司法局"),
        Code::UnknownRank => (
            "职级无法识别",
            "填员额法官、法官助理、律师、公证员、法律工作者或其他",
        ),
        Code::NonPositiveCapacity => ("可用天数必须大于 0", "填每季度可用于特派工作的天数，如 12"),
        Code::InvalidNumber => ("数字无效", "填写范围内的数字"),
        Code::MalformedDate => (
            "日期格式无效",
            "写成 2025/7/1 或 2025-07-01，或使用 Excel 日期",
        ),
        Code::ReversedDateRange => ("结束日期早于开始日期", "对调开始和结束日期"),
        Code::InvalidTeamSize => ("团队人数至少为 1", "填 1 或更大的整数"),
        Code::InvalidTravelTime => ("路程时间无效", "填单程分钟数（不小于 0）"),
        Code::ConflictingTravelTime => ("同一路段填了两次且时间不同", "只保留一行"),
        Code::ShareOutOfRange => ("比例超出 0 到 1", "如 80% 写作 0.8"),
        Code::EnterprisesMinTooLarge => ("要求的企业数超过地区企业总数", "调低 enterprises_min"),
        Code::TeamSizeUnsatisfiable => ("团队人数无法满足", "减小团队人数或增加特派员"),
        Code::NonPositiveRule => ("该规则值必须大于 0", "改为正数"),
        Code::UnknownPeriod => ("周期无法识别", "填 quarter（季度）或 month（月）"),
        Code::UnknownOfficerMode => (
            "特派员模式无法识别",
            "填 exclusive（定向）或 shared（共享）",
        ),
        Code::YearNotCovered => (
            "没有该年度的节假日数据",
            "在 data.holidays 中提供该年的节假日表",
        ),
        Code::InvalidCalendar => ("节假日文件有误", "检查该行的日期和类型"),
        Code::UnknownConflictScope => ("冲突范围无法识别", "填 unit 或 enterprise"),
        Code::UnknownEnterprisesCount => (
            "企业计数口径无法识别",
            "填 reached（覆盖）或 visited（走访）",
        ),
        Code::ImpossibleRule => ("规则无法满足", "调整该规则，使一天之内能完成走访"),
        Code::SettingOutOfRange => (
            "设置值超出允许范围",
            "按 docs/scenario-format.md 中的范围修改",
        ),
        Code::BadTargetPriority => (
            "目标优先顺序有误",
            "优先顺序只能列出工业平台、商会、企业三类目标，每类至多一次",
        ),
        Code::BadChange => (
            "[changes] 中的变更无法执行",
            "使用法院表中已有的编号；officers 与 add_officers 只填其一；编号不要重复",
        ),
        Code::ChangeWithoutEffect => (
            "[changes] 中的编号在表中不存在，未作变更",
            "检查编号拼写，或删去该编号",
        ),
        Code::ReferencesDropped => (
            "已删去引用被移除对象的行",
            "无须处理；如需保留这些行，请不要移除其引用的对象",
        ),
        Code::UnitWithoutMembers => (
            "该平台或商会没有成员企业",
            "在企业表的“所属平台商会”中填上它",
        ),
        Code::UnitTooSmallForVisit => (
            "成员企业少于每次走访应覆盖的数量",
            "补充成员企业，或调低每次走访企业数",
        ),
        Code::UnavailableOutsideYear => ("不可用日期不在规划年度内", "检查年份"),
        Code::NeedWithoutSpecialist => (
            "没有特派员具备该法律需求的专长",
            "为特派员补充专长，或检查需求拼写",
        ),
        Code::UnknownColumn => ("未识别的列，已忽略", "检查列名拼写，或删除该列"),
        Code::OfficerWithoutSpecialties => ("特派员没有填专长", "填写专长，多个用、分隔"),
        Code::CapacityAboveWorkingDays => ("可用天数超过季度工作日", "核对每季度可用天数"),
        Code::TargetOutOfReach => (
            "没有特派员能在路程限制内到达",
            "检查坐标，或放宽单程时间上限",
        ),
        Code::VisitsCannotBeSpaced => (
            "一个周期内无法按间隔安排全部走访",
            "减少每周期走访次数或缩短最小间隔",
        ),
        Code::ReadAsGb18030 => ("表格按 GB18030（GBK）编码读取", "建议另存为 CSV UTF-8"),
        Code::UnknownSheet => ("工作表未读取", "工作表名应与模板一致，或删去该表"),
        Code::OfficerWithoutDuty => (
            "特派员可用天数不足以承担任何任务",
            "每季度可用天数至少应等于每期走访次数（每次一天），或核对该特派员",
        ),
        Code::UnknownVisitKind => (
            "台账中的走访方式无法识别",
            "填 走访、电话、线上 或 会议（visit、phone、online、meeting），实地走访可留空",
        ),
        Code::UnknownVisitTarget => ("台账中的走访对象不存在", "填平台商会表或企业表中的编号"),
        Code::VisitWithoutOfficer => ("台账行未填特派员", "填写参加走访的每位特派员编号"),
        Code::VisitOutsideYear => (
            "台账日期不在本年度内",
            "核对年份；各年度的走访记入当年的台账",
        ),
        Code::EnterpriseNotInUnit => (
            "走访企业不属于所走访的平台商会",
            "核对企业编号，或将该企业另记一行",
        ),
        Code::PlanFileNotOwned => (
            "方案文件在 tepai 写入后被改动过",
            "原文件保持不动，含执行情况的文件写在执行情况输出文件夹中；如需写回原处，请先移走改动过的文件",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_chinese_title_and_fix() {
        for &code in Code::ALL {
            let (title, fix) = title_and_fix(code);
            assert!(!title.is_empty() && !fix.is_empty(), "{code}");
            assert!(!title.is_ascii(), "{code}: {title}");
        }
    }
}
