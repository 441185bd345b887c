# The answers to the exercises of notebooks/06_training_end_to_end.ipynb: one line per blank `name = ...  # ANSWER`
# of the notebook, in the notebook's order. For teachers; not a script (the lines use the notebook's
# variables). tests/test_notebooks.py fills them in and checks that each passes its check cell.
# ruff: noqa

# Exercise 1
analogy_answer = "egypt"  # ANSWER

# Exercise 2
cbow = Word2Vec((vocab, encoded), arch="cbow", dim=50, epochs=10)  # ANSWER
cbow_accuracy = evaluate_analogies(cbow.vectors, BUNDLED_ANALOGIES).accuracy  # ANSWER

# Exercise 3
n_default = len(default_table)  # ANSWER
of_the_joined = "of_the" in default_table  # ANSWER
