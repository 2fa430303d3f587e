package io.optgate.local.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The sample practices and their clients. Phone numbers are from the NANP range set aside for
 * fiction ({@code +1 <area> 555-01xx}), so a dry run can never text a real person, and a few
 * clients of a practice share a number (a family), as in real practices.
 *
 * @param practices every sample practice, each with its clients
 */
public record SampleWorld(List<Practice> practices) {

    /**
     * A practice.
     *
     * @param tenantId       its id, e.g. {@code vet-oakwood}
     * @param name           shown in texts
     * @param smsFrom        its sending number
     * @param preferencesOn  whether communication preferences are switched on for it
     * @param clients        its clients
     */
    public record Practice(String tenantId, String name, String smsFrom, boolean preferencesOn, List<Client> clients) {
    }

    /**
     * A client.
     *
     * @param clientId e.g. {@code c-00042}
     * @param phone    E.164
     * @param pet      the pet's name, for the texts
     */
    public record Client(String clientId, String phone, String pet) {
    }

    private static final String[][] PRACTICES = {
        {"vet-oakwood", "Oakwood Veterinary Clinic"},
        {"vet-riverside", "Riverside Animal Hospital"},
        {"vet-harbor", "Harbor Pet Care"},
        {"vet-meadow", "Meadow Lane Vets"},
    };
    private static final String[] PETS = {
        "Bella", "Max", "Luna", "Charlie", "Milo", "Daisy", "Rocky", "Coco", "Oscar", "Nala", "Teddy", "Willow",
        "Pepper", "Bailey", "Ziggy", "Mochi", "Biscuit", "Juniper", "Sprout", "Olive",
    };

    /**
     * A deterministic world: the same seed always gives the same practices, clients and numbers.
     *
     * @param seed               the random seed
     * @param clientsPerPractice clients in each of the four practices
     */
    public static SampleWorld generate(final long seed, final int clientsPerPractice) {
        final Random random = new Random(seed);
        final List<Practice> practices = new ArrayList<>();
        for (int p = 0; p < PRACTICES.length; p++) {
            final int area = 201 + p * 101;
            final List<Client> clients = new ArrayList<>(clientsPerPractice);
            for (int c = 1; c <= clientsPerPractice; c++) {
                final String phone;
                if (c > 1 && random.nextInt(100) < 8) {
                    phone = clients.get(random.nextInt(clients.size())).phone();
                } else {
                    phone = fictionalNumber(area + c / 100, c % 100);
                }
                clients.add(new Client(String.format("c-%05d", c), phone, PETS[random.nextInt(PETS.length)]));
            }
            // The last practice has communication preferences switched off: requests naming a
            // preference there are dropped with COMMUNICATION_DISABLED.
            practices.add(new Practice(PRACTICES[p][0], PRACTICES[p][1], fictionalNumber(800 + p, 0),
                    p != PRACTICES.length - 1, List.copyOf(clients)));
        }
        return new SampleWorld(List.copyOf(practices));
    }

    /** Every client in the world. */
    public int clientCount() {
        return practices.stream().mapToInt(p -> p.clients().size()).sum();
    }

    /** {@code +1 <area> 555 01<nn>}: the 555-0100..0199 block is reserved for fictional use. */
    static String fictionalNumber(final int area, final int line) {
        return String.format("+1%03d55501%02d", area, line);
    }
}
