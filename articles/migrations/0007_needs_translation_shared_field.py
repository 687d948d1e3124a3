from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_article_import_key"),
    ]

    operations = [
        migrations.AlterField(
            model_name="articlepage",
            name="needs_translation",
            field=models.BooleanField(
                db_index=True,
                default=False,
                help_text="Set by an import: the text is still in English. Clear it once translated.",
                verbose_name="needs translation",
            ),
        ),
    ]
