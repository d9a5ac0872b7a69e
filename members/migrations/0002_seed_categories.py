from django.db import migrations

CATEGORIES = [
    ("street-cleaning", "道路清扫保洁", "Street cleaning"),
    ("collection", "垃圾收运", "Waste collection and transport"),
    ("incineration", "垃圾焚烧", "Waste incineration"),
    ("landfill", "卫生填埋", "Sanitary landfill"),
    ("food-waste", "餐厨/厨余处理", "Food and kitchen waste treatment"),
    ("equipment", "环卫装备", "Sanitation equipment"),
    ("toilets", "公厕管理", "Public toilet management"),
    ("smart", "智慧环卫", "Smart sanitation"),
    ("consulting", "咨询设计", "Consulting and design"),
    ("recycling", "再生资源回收", "Recyclables recovery"),
    ("sorting", "垃圾分类", "Waste sorting"),
    ("leachate", "渗滤液处理", "Leachate treatment"),
]

FIELDS = [
    ("垃圾焚烧", "Waste incineration"),
    ("卫生填埋", "Sanitary landfill"),
    ("餐厨垃圾处理", "Food waste treatment"),
    ("道路清扫保洁", "Street cleaning"),
    ("垃圾分类", "Waste sorting"),
    ("环卫装备", "Sanitation equipment"),
    ("公厕建设管理", "Public toilets"),
    ("环境监测", "Environmental monitoring"),
    ("财务审计", "Finance and audit"),
    ("企业管理", "Business management"),
    ("标准化", "Standardization"),
    ("信息化", "Information technology"),
]


def seed(apps, schema_editor):
    BusinessCategory = apps.get_model("members", "BusinessCategory")
    ExpertiseField = apps.get_model("members", "ExpertiseField")
    for order, (slug, name, name_en) in enumerate(CATEGORIES):
        BusinessCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "sort_order": order}
        )
    for order, (name, name_en) in enumerate(FIELDS):
        ExpertiseField.objects.get_or_create(
            name=name, defaults={"name_en": name_en, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
