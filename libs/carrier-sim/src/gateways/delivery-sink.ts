/** A logged-in connection able to carry carrier→SP traffic (status reports and MO messages) for one account. */
export interface DeliverySink<D> {
  readonly account: string;
  readonly canDeliver: boolean;
  /** Writes the item; false when it could not (e.g. the gateway is black-holed), leaving it to the router. */
  deliver(item: D): boolean;
}
