"""Loading Rasa's TensorFlow models (DIET, the ResponseSelector, TED) without tracing a training step.

Rasa 3.6 builds each model's weights before restoring them by fitting it for one step on one example
(``RasaModel.load``). That step runs as a traced TensorFlow graph: building the graph of a whole training step
(forward pass, loss, gradients, Adam) took about twenty seconds of a replica's start for our three models, and it
is thrown away at once. Here only the step's forward pass and loss run, eagerly: the same code makes the model's
variables with the same shapes, in a second or two; the trained weights are then restored over them as before
(and checked: every variable made must have its value in the file), and predictions run as traced graphs as
before. The optimizer's variables are not made: nothing predicts with them. Predictions are the same:
tests/rasa/test_model_load.py loads the trained model both ways and compares them.

Only Rasa 3.6.21's ``load`` is replaced (the version pinned in requirements-rasa.lock); with any other version,
or to fine-tune a model, Rasa's own runs.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)

PATCHED_RASA_VERSION = "3.6.21"


def load_without_tracing() -> bool:
    """Replace ``RasaModel.load`` with one that builds the weights eagerly; whether it was replaced."""
    import rasa
    import tensorflow as tf
    from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
    from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
    from rasa.utils.tensorflow.models import RasaModel

    if rasa.__version__ != PATCHED_RASA_VERSION:
        logger.info("Rasa %s: its own model loading is used", rasa.__version__)
        return False
    rasa_load = RasaModel.load.__func__  # type: ignore[attr-defined]

    def load(cls: type[RasaModel], model_file_name: str, model_data_example: Any,
             predict_data_example: Any = None, finetune_mode: bool = False, *args: Any, **kwargs: Any) -> RasaModel:
        if finetune_mode:
            return rasa_load(cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
                             *args, **kwargs)
        model = cls(*args, **kwargs)
        config = kwargs.get("config", {})
        model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)),
                      run_eagerly=config.get(RUN_EAGERLY))
        # the training step's forward pass and loss, eagerly: every layer makes its weights (the optimizer's
        # are never needed to predict, and are left out)
        batch_in, _ = RasaBatchDataGenerator(model_data_example, batch_size=1)[0]
        model._training = True
        model.batch_loss(batch_in)
        model._training = None
        status = model.load_weights(model_file_name)
        try:
            # every weight the model made has its trained value (only the optimizer's are not restored)
            status.assert_existing_objects_matched().expect_partial()
        except AssertionError:
            logger.warning("A %s weight was not in the trained model: loading it as Rasa does", cls.__name__)
            return rasa_load(cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
                             *args, **kwargs)
        if predict_data_example:
            model.run_inference(predict_data_example)
        return model

    RasaModel.load = classmethod(load)  # type: ignore[method-assign,assignment]
    return True
