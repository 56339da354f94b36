"""What the project's NLU components share: how they are built, and how they keep what they learn.

Rasa builds a component with `create` (before training) or `load` (from a trained model). Here
both go through the component's `_build`, and a trainable component's files live in its
resource of the model storage, written by `_write` and read back by `_read` in `load`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData

C = TypeVar("C", bound="PipelineComponent")
S = TypeVar("S", bound="StoredComponent")


class PipelineComponent(GraphComponent):
    """An NLU component built by `_build` and adding nothing to the training data."""

    @classmethod
    def _build(cls: type[C], config: dict[str, Any], model_storage: ModelStorage, resource: Resource, stored: Any) -> C:
        """The component, with what it stored in the model (None: nothing stored, or not trained yet)."""
        raise NotImplementedError

    @classmethod
    def create(
        cls: type[C],
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> C:
        """The component before training (or, when not trainable, for good)."""
        return cls._build(config, model_storage, resource, None)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to add to the training data."""
        return training_data


class StoredComponent(PipelineComponent):
    """A trainable component that keeps what it learns as files in its resource of the model storage."""

    # What is stored and what the component does without it, for the warning when it is missing.
    STORED: ClassVar[str]
    WITHOUT_IT: ClassVar[str]
    # The errors that mean nothing usable is stored (the storage raises ValueError for no resource).
    MISSING: ClassVar[tuple[type[Exception], ...]] = (ValueError,)

    _model_storage: ModelStorage | None
    _resource: Resource | None

    @classmethod
    def _read(cls, directory: Path) -> Any:
        """What the component stored in directory, as `_build` takes it."""
        raise NotImplementedError

    @classmethod
    def load(
        cls: type[S],
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> S:
        """The component with what it stored; with nothing stored, as before training (and a warning)."""
        try:
            with model_storage.read_from(resource) as directory:
                stored = cls._read(directory)
        except cls.MISSING:
            logging.getLogger(cls.__module__).warning(
                "no stored %s in resource '%s': %s", cls.STORED, resource.name, cls.WITHOUT_IT
            )
            stored = None
        return cls._build(config, model_storage, resource, stored)

    def _storage(self) -> tuple[ModelStorage, Resource]:
        """The model storage and resource the component was created with, which training writes to."""
        if self._model_storage is None or self._resource is None:
            raise ValueError(f"{type(self).__name__}.train needs the model storage it was created with")
        return self._model_storage, self._resource

    def _write(self, save: Callable[[Path], object]) -> Resource:
        """Write the component's files with save(directory) into its resource; the resource."""
        model_storage, resource = self._storage()
        with model_storage.write_to(resource) as directory:
            save(directory)
        return resource
