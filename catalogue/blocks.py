"""StreamField blocks of the editorial pages, defined once and shared by `catalogue` and `help`."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Titre"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Niveau 2")), ("h3", _("Niveau 3"))], default="h2", label=_("Niveau")
    )

    class Meta:
        icon = "title"
        label = _("Intertitre")
        template = "components/blocks/heading.html"


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), required=False, max_length=200)
    text = blocks.RichTextBlock(label=_("Texte"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Encadré")
        template = "components/blocks/callout.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Étape"), max_length=200)
    text = blocks.RichTextBlock(label=_("Détail"), features=RICH_TEXT_FEATURES, required=False)

    class Meta:
        icon = "list-ol"
        label = _("Étape")


class StepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), required=False, max_length=200)
    steps = blocks.ListBlock(StepBlock(), label=_("Étapes"))

    class Meta:
        icon = "list-ol"
        label = _("Étapes numérotées")
        template = "components/blocks/steps.html"


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Libellé"), max_length=120)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Adresse externe"), required=False)

    class Meta:
        icon = "link"
        label = _("Lien")
        template = "components/blocks/link.html"


BODY_BLOCKS = [
    ("heading", HeadingBlock()),
    ("paragraph", blocks.RichTextBlock(label=_("Paragraphe"), features=RICH_TEXT_FEATURES)),
    ("image", ImageBlock(label=_("Image"))),
    ("callout", CalloutBlock()),
    ("steps", StepsBlock()),
    ("link", LinkBlock()),
]
