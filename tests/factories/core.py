import factory
import wagtail_factories

from kohtaamo.models import ContentPage, KohtaamoImage


class ImageFactory(wagtail_factories.ImageFactory):
    class Meta:
        model = KohtaamoImage

    title = factory.Sequence(lambda n: f"Kuva {n}")
    description = factory.Sequence(lambda n: f"Kuvan {n} kuvaus")


class ContentPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ContentPage

    title = factory.Sequence(lambda n: f"Sisältösivu {n}")
    slug = factory.Sequence(lambda n: f"sisaltosivu-{n}")
    intro = "Johdanto."
